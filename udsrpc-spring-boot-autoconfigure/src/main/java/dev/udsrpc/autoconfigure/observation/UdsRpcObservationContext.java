package dev.udsrpc.autoconfigure.observation;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.server.UdsRpcConnection;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one RPC call handled by the udsrpc server.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcObservationContext extends Observation.Context {

	private final String method;

	private final RpcId id;

	private final Dialect dialect;

	private final UdsRpcConnection connection;

	private final boolean knownMethod;

	private @Nullable Integer errorCode;

	private @Nullable String errorMessage;

	/**
	 * Create a context for a call.
	 * @param method the requested method
	 * @param id the request id
	 * @param dialect the dialect of the request
	 * @param connection the calling connection
	 * @param knownMethod whether a handler exists for the method
	 */
	public UdsRpcObservationContext(String method, RpcId id, Dialect dialect, UdsRpcConnection connection,
			boolean knownMethod) {
		this.method = method;
		this.id = id;
		this.dialect = dialect;
		this.connection = connection;
		this.knownMethod = knownMethod;
	}

	/**
	 * Return the requested method.
	 * @return the method name
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * Return whether a handler exists for the requested method, known when the call
	 * starts: any client can request any method, so only methods that exist may become
	 * tag values.
	 * @return whether the method exists
	 */
	public boolean isKnownMethod() {
		return this.knownMethod;
	}

	/**
	 * Return the request id.
	 * @return the id
	 */
	public RpcId getId() {
		return this.id;
	}

	/**
	 * Return the dialect of the request.
	 * @return the dialect
	 */
	public Dialect getDialect() {
		return this.dialect;
	}

	/**
	 * Return the calling connection.
	 * @return the connection
	 */
	public UdsRpcConnection getConnection() {
		return this.connection;
	}

	/**
	 * Return the error code of the response, {@code null} for a success or while the call
	 * runs.
	 * @return the error code or {@code null}
	 */
	public @Nullable Integer getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Return the error message of the response, {@code null} for a success or while the
	 * call runs.
	 * @return the error message or {@code null}
	 */
	public @Nullable String getErrorMessage() {
		return this.errorMessage;
	}

	void failed(int code, String message) {
		this.errorCode = code;
		this.errorMessage = message;
	}

}
