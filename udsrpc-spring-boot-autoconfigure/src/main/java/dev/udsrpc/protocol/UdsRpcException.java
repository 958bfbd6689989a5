package dev.udsrpc.protocol;

import org.jspecify.annotations.Nullable;

/**
 * An RPC error with a code, a message and optional data. Thrown by a handler, it is sent
 * to the caller as the {@code error} member of the response; thrown by a client, it
 * carries the error the server answered with.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see ErrorCodes
 */
public class UdsRpcException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int code;

	private final transient @Nullable Object data;

	/**
	 * Create a new exception without data.
	 * @param code the error code, for example {@link ErrorCodes#INVALID_PARAMS}
	 * @param message the error message sent to the client
	 */
	public UdsRpcException(int code, String message) {
		this(code, message, null);
	}

	/**
	 * Create a new exception.
	 * @param code the error code, for example {@link ErrorCodes#INVALID_PARAMS}
	 * @param message the error message sent to the client
	 * @param data additional data serialized as the {@code data} member of the error, or
	 * {@code null}
	 */
	public UdsRpcException(int code, String message, @Nullable Object data) {
		super(message);
		this.code = code;
		this.data = data;
	}

	/**
	 * Return the error code.
	 * @return the code
	 */
	public int getCode() {
		return this.code;
	}

	/**
	 * Return the additional error data.
	 * @return the data or {@code null}
	 */
	public @Nullable Object getData() {
		return this.data;
	}

	/**
	 * Return the error code.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return the additional error data.
	 * @return the data or {@code null}
	 */
	public @Nullable Object data() {
		return this.data;
	}

	@Override
	public String getMessage() {
		String message = super.getMessage();
		return (message != null) ? message : "";
	}

}
