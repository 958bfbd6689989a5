package dev.udsrpc.client;

import java.time.Duration;

/**
 * Thrown when the daemon did not answer a call in time.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcTimeoutException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param method the RPC method
	 * @param timeout the timeout that elapsed
	 */
	public UdsRpcTimeoutException(String method, Duration timeout) {
		super("No answer to '" + method + "' within " + timeout.toMillis() + " ms");
	}

}
