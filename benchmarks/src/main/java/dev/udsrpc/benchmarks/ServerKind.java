package dev.udsrpc.benchmarks;

import dev.udsrpc.benchmarks.load.EchoMessages.Expect;

/**
 * The servers compared.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
enum ServerKind {

	/**
	 * junixsocket echoing the lines of each read with one write.
	 */
	RAW("raw junixsocket echo", Expect.SAME_LINE),

	/**
	 * junixsocket echoing each line with a write of its own.
	 */
	LINE("line echo, write per line", Expect.SAME_LINE),

	/**
	 * junixsocket and Jackson, requests handled on the reading thread.
	 */
	INLINE("inline Java server", Expect.RESULT),

	/**
	 * The myd sample daemon.
	 */
	UDSRPC("udsrpc (myd)", Expect.RESULT),

	/**
	 * The myd sample daemon with the JVM options that {@code start} gives a daemon.
	 */
	UDSRPC_START("udsrpc (myd), JVM options of start", Expect.RESULT);

	private final String title;

	private final Expect expect;

	ServerKind(String title, Expect expect) {
		this.title = title;
		this.expect = expect;
	}

	String title() {
		return this.title;
	}

	Expect expect() {
		return this.expect;
	}

}
