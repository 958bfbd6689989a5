package dev.udsrpc.benchmarks.floor;

/**
 * The floor of a command: a JVM that prints a line and exits.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class HelloWorld {

	private HelloWorld() {
	}

	public static void main(String[] args) {
		System.out.println("Hello, world");
	}

}
