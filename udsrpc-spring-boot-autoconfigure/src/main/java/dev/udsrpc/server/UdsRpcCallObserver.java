package dev.udsrpc.server;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;

/**
 * Observes the RPC calls a {@link UdsRpcServer} handles, for metrics and tracing. Called
 * on the worker thread that handles the request; an asynchronous handler's call is
 * completed on the thread that completes its {@code CompletionStage}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see UdsRpcServer.Builder#callObserver(UdsRpcCallObserver)
 */
@FunctionalInterface
public interface UdsRpcCallObserver {

	/**
	 * An observer that does nothing.
	 */
	UdsRpcCallObserver NONE = (method, id, dialect, connection) -> Call.NONE;

	/**
	 * Called when a request starts to be handled.
	 * @param method the requested method, possibly one that does not exist
	 * @param id the request id
	 * @param dialect the dialect of the request
	 * @param connection the connection the request came from
	 * @return the call, completed exactly once
	 */
	Call start(String method, RpcId id, Dialect dialect, UdsRpcConnection connection);

	/**
	 * One observed call.
	 *
	 * @since 0.1.0
	 */
	interface Call {

		/**
		 * A call that does nothing.
		 */
		Call NONE = new Call() {

			@Override
			public void succeeded() {
			}

			@Override
			public void failed(int code, String message, @Nullable Throwable cause) {
			}

		};

		/**
		 * Called when the call has a result, before its response is written.
		 */
		void succeeded();

		/**
		 * Called when the call ends with an error, before its response is written.
		 * @param code the error code of the response
		 * @param message the error message of the response
		 * @param cause what the handler threw, or {@code null}
		 */
		void failed(int code, String message, @Nullable Throwable cause);

	}

}
