package dev.udsrpc.server;

/**
 * Callbacks for connections opened and closed.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public interface UdsRpcConnectionListener {

	/**
	 * Called when a connection was accepted, before any of its messages is read.
	 * @param connection the connection
	 */
	default void connectionOpened(UdsRpcConnection connection) {
	}

	/**
	 * Called once when a connection was closed, by either side.
	 * @param connection the connection
	 */
	default void connectionClosed(UdsRpcConnection connection) {
	}

}
