package dev.udsrpc.server;

import java.util.Map;

import dev.udsrpc.protocol.Dialect;
import org.jspecify.annotations.Nullable;

/**
 * A client connected to a {@link UdsRpcServer}. Inject it into a handler method by
 * declaring a parameter of this type.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public interface UdsRpcConnection {

	/**
	 * Return the id of the connection, unique within the server's lifetime.
	 * @return the id
	 */
	long id();

	/**
	 * Return the credentials of the connected process.
	 * @return the peer credentials
	 */
	PeerCredentials peer();

	/**
	 * Push an event to this client. Never blocks: the event is queued if the client is
	 * not reading.
	 * @param type the event type
	 * @param data the event data, serialized with the application's JSON mapper, or
	 * {@code null}
	 * @return {@code false} if the connection is closed
	 */
	boolean sendEvent(String type, @Nullable Object data);

	/**
	 * Return a mutable, thread-safe map for state the application keeps per connection.
	 * @return the attributes
	 */
	Map<String, Object> attributes();

	/**
	 * Return the dialect events are sent in: JSON-RPC 2.0 once the client has sent a
	 * JSON-RPC 2.0 message, the Go dialect before.
	 * @return the dialect
	 */
	Dialect dialect();

	/**
	 * Return whether the connection is open.
	 * @return {@code true} until closed
	 */
	boolean isOpen();

	/**
	 * Close the connection once the responses and events already queued are written.
	 */
	void close();

}
