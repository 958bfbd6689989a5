package dev.udsrpc.protocol;

/**
 * The two dialects spoken on one socket.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public enum Dialect {

	/**
	 * The dialect of the Go udsrpc library: unsigned 64-bit ids, every request answered,
	 * events as {@code {"type":…,"data":…}}.
	 */
	GO,

	/**
	 * JSON-RPC 2.0: {@code "jsonrpc":"2.0"} on every message, verbatim ids,
	 * notifications, batches, events as notifications.
	 */
	JSON_RPC_2

}
