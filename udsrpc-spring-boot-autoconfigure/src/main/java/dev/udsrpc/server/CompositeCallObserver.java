package dev.udsrpc.server;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;

/**
 * Two call observers called one after the other, in the order they were added.
 *
 * @param first the observer added first
 * @param second the observer added next
 * @author udsrpc authors
 * @since 0.1.0
 */
record CompositeCallObserver(UdsRpcCallObserver first, UdsRpcCallObserver second) implements UdsRpcCallObserver {

	/**
	 * Return an observer that calls both.
	 * @param first the observer so far, possibly {@link UdsRpcCallObserver#NONE}
	 * @param second the observer added
	 * @return the observer calling both
	 */
	static UdsRpcCallObserver of(UdsRpcCallObserver first, UdsRpcCallObserver second) {
		return (first == UdsRpcCallObserver.NONE) ? second : new CompositeCallObserver(first, second);
	}

	@Override
	public Call start(String method, RpcId id, Dialect dialect, UdsRpcConnection connection) {
		Call one = this.first.start(method, id, dialect, connection);
		Call two = this.second.start(method, id, dialect, connection);
		return new Call() {

			@Override
			public void succeeded() {
				one.succeeded();
				two.succeeded();
			}

			@Override
			public void failed(int code, String message, @Nullable Throwable cause) {
				one.failed(code, message, cause);
				two.failed(code, message, cause);
			}

		};
	}

}
