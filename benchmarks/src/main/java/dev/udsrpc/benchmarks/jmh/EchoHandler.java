package dev.udsrpc.benchmarks.jmh;

import dev.udsrpc.handler.UdsRpcHandler;

/**
 * The {@code Echo} handler of the myd sample.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class EchoHandler {

	@UdsRpcHandler("Echo")
	public EchoMessage echo(EchoMessage message) {
		return message;
	}

	/**
	 * The params and result of {@code Echo}.
	 *
	 * @param msg the message
	 */
	public record EchoMessage(String msg) {

	}

}
