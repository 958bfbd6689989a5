package dev.udsrpc.protocol;

/**
 * Error codes of the protocol, shared with the Go udsrpc library and JSON-RPC 2.0.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class ErrorCodes {

	/**
	 * Invalid JSON was received.
	 */
	public static final int PARSE_ERROR = -32700;

	/**
	 * The message is not a valid request, or it is longer than the maximum message size.
	 */
	public static final int INVALID_REQUEST = -32600;

	/**
	 * No handler is registered for the method.
	 */
	public static final int METHOD_NOT_FOUND = -32601;

	/**
	 * The params cannot be bound to the handler's parameters.
	 */
	public static final int INVALID_PARAMS = -32602;

	/**
	 * The handler failed.
	 */
	public static final int INTERNAL_ERROR = -32603;

	/**
	 * The server is shutting down and accepts no new requests.
	 */
	public static final int SHUTTING_DOWN = -32000;

	/**
	 * The server is busy: a limit was reached.
	 */
	public static final int SERVER_BUSY = -32001;

	/**
	 * The caller may not call the method (method security refused it).
	 */
	public static final int ACCESS_DENIED = -32003;

	private ErrorCodes() {
	}

}
