package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.internal.JsonLineBuilder;
import dev.udsrpc.protocol.internal.MessageEncoder;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes events to connections: serializes the data once, encodes the message once per
 * dialect in use, queues it for each recipient without blocking, and tells the listeners
 * how many received it.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class EventBroadcaster {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final JsonMapper mapper;

	private final Collection<ServerConnection> connections;

	private final List<UdsRpcConnectionListener> listeners;

	EventBroadcaster(JsonMapper mapper, Collection<ServerConnection> connections,
			List<UdsRpcConnectionListener> listeners) {
		this.mapper = mapper;
		this.connections = connections;
		this.listeners = listeners;
	}

	/**
	 * Push an event to the open connections that match a filter.
	 * @param type the event type
	 * @param data the event data or {@code null}
	 * @param filter selects the receiving connections
	 */
	void broadcast(String type, @Nullable Object data, Predicate<UdsRpcConnection> filter) {
		Objects.requireNonNull(type, "'type' must not be null");
		Objects.requireNonNull(filter, "'filter' must not be null");
		byte[] json = serialize(data);
		byte[] go = null;
		byte[] jsonRpc2 = null;
		int recipients = 0;
		for (ServerConnection connection : this.connections) {
			if (!connection.isOpen() || !filter.test(connection)) {
				continue;
			}
			boolean sent;
			if (connection.dialect() == Dialect.JSON_RPC_2) {
				jsonRpc2 = (jsonRpc2 != null) ? jsonRpc2 : encode(Dialect.JSON_RPC_2, type, json);
				sent = connection.send(jsonRpc2);
			}
			else {
				go = (go != null) ? go : encode(Dialect.GO, type, json);
				sent = connection.send(go);
			}
			recipients += sent ? 1 : 0;
		}
		sent(type, recipients);
	}

	/**
	 * Push an event to one connection.
	 * @param connection the connection
	 * @param type the event type
	 * @param data the event data or {@code null}
	 * @return whether it was queued
	 */
	boolean send(ServerConnection connection, String type, @Nullable Object data) {
		Objects.requireNonNull(type, "'type' must not be null");
		boolean sent = connection.send(encode(connection.dialect(), type, serialize(data)));
		sent(type, sent ? 1 : 0);
		return sent;
	}

	private void sent(String type, int recipients) {
		if (recipients == 0) {
			return;
		}
		for (UdsRpcConnectionListener listener : this.listeners) {
			try {
				listener.eventSent(type, recipients);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Connection listener failed", ex);
			}
		}
	}

	private byte @Nullable [] serialize(@Nullable Object data) {
		if (data == null) {
			return null;
		}
		try {
			return this.mapper.writeValueAsBytes(data);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot serialize event data: " + ex.getOriginalMessage(), ex);
		}
	}

	private static byte[] encode(Dialect dialect, String type, byte @Nullable [] data) {
		JsonLineBuilder out = new JsonLineBuilder(48 + type.length() + ((data != null) ? data.length : 0));
		MessageEncoder.beginEvent(out, dialect, type, data != null);
		if (data != null) {
			out.append(data);
		}
		MessageEncoder.endEvent(out);
		return out.toByteArray();
	}

}
