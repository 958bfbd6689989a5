package dev.udsrpc.context;

import dev.udsrpc.server.UdsRpcConnection;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a client connection was opened. Listeners run on the server's event
 * loop, so they must return quickly.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcConnectionOpenedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new event.
	 * @param connection the connection
	 */
	public UdsRpcConnectionOpenedEvent(UdsRpcConnection connection) {
		super(connection);
	}

	/**
	 * Return the connection.
	 * @return the connection
	 */
	public UdsRpcConnection getConnection() {
		return (UdsRpcConnection) getSource();
	}

}
