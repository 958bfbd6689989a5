package dev.udsrpc.client;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The event listeners of a client, by event type, and those of every event. A listener
 * that throws an exception is logged and does not keep the others from the event; an
 * {@link Error} ends the client's reader, which then fails every call.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class EventListeners {

	private static final System.Logger logger = System.getLogger(UdsRpcClient.class.getName());

	private final Map<String, List<BiConsumer<String, JsonNode>>> byType = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, JsonNode>> ofAll = new CopyOnWriteArrayList<>();

	AutoCloseable add(String type, BiConsumer<String, JsonNode> listener) {
		Objects.requireNonNull(type, "'type' must not be null");
		Objects.requireNonNull(listener, "'listener' must not be null");
		List<BiConsumer<String, JsonNode>> list = this.byType.computeIfAbsent(type,
				(key) -> new CopyOnWriteArrayList<>());
		list.add(listener);
		return () -> list.remove(listener);
	}

	AutoCloseable addForAll(BiConsumer<String, JsonNode> listener) {
		Objects.requireNonNull(listener, "'listener' must not be null");
		this.ofAll.add(listener);
		return () -> this.ofAll.remove(listener);
	}

	void dispatch(String type, JsonNode data) {
		notify(this.byType.get(type), type, data);
		notify(this.ofAll, type, data);
	}

	private static void notify(@Nullable List<BiConsumer<String, JsonNode>> list, String type, JsonNode data) {
		if (list == null) {
			return;
		}
		for (BiConsumer<String, JsonNode> listener : list) {
			try {
				listener.accept(type, data);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Event listener for '" + type + "' failed", ex);
			}
		}
	}

}
