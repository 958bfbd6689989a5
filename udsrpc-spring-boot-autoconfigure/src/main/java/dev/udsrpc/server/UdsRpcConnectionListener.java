package dev.udsrpc.server;

import org.jspecify.annotations.Nullable;

/**
 * Callbacks for connections opened, closed and refused, and for events sent.
 * <p>
 * Connections opened, closed and refused are reported away from the event loop (on a
 * worker thread), one after the other in the order they happened, so that a slow listener
 * delays neither accepting nor reading; events sent are reported on the thread that sent
 * them.
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

	/**
	 * Called when a connection was refused as it was accepted, and closed at once.
	 * @param peer the credentials of the refused peer, or {@code null} if they could not
	 * be read
	 * @param reason why: {@code "credentials"} (unreadable), {@code "not-allowed"} (uid
	 * and gid not allowed), {@code "limit"} (too many connections) or {@code "uid-limit"}
	 * (too many connections of the peer's user)
	 */
	default void connectionRefused(@Nullable PeerCredentials peer, String reason) {
	}

	/**
	 * Called when an event was queued for one or more connections.
	 * @param type the event type
	 * @param recipients how many connections it was queued for
	 */
	default void eventSent(String type, int recipients) {
	}

}
