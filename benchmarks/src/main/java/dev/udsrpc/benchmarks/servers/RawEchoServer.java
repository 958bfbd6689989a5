package dev.udsrpc.benchmarks.servers;

import java.io.IOException;

/**
 * The raw socket baseline: writes back every complete line it reads, without looking at
 * it.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class RawEchoServer extends BlockingLineServer {

	@Override
	void handle(byte[] buffer, int end, Output out) {
		out.write(buffer, 0, end);
	}

	public static void main(String[] args) throws IOException {
		new RawEchoServer().serve(socketArgument(args));
	}

}
