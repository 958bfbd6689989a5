package dev.udsrpc.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.protocol.UdsRpcException;
import dev.udsrpc.server.UdsRpcServer;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A small key-value store whose changes are pushed to every connected client as
 * {@code KeyChanged} events.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Component
public class KeyValueStore {

	/**
	 * Error code for a missing key.
	 */
	public static final int NO_SUCH_KEY = 1001;

	/**
	 * Error code for a full store.
	 */
	public static final int STORE_FULL = 1002;

	private final Map<String, String> entries = new TreeMap<>();

	private final UdsRpcServer server;

	private final int maxKeys;

	KeyValueStore(UdsRpcServer server, MydProperties properties) {
		this.server = server;
		this.maxKeys = properties.maxKeys();
	}

	@UdsRpcHandler("Get")
	public synchronized Entry get(String key) {
		String value = this.entries.get(key);
		if (value == null) {
			throw new UdsRpcException(NO_SUCH_KEY, "no such key: " + key, Map.of("key", key));
		}
		return new Entry(key, value);
	}

	/**
	 * Wait until a key is set (a long poll).
	 * @param key the key
	 * @param timeoutMillis how long to wait, at most a minute
	 * @return the entry, or {@code null} if the key was not set in time
	 * @throws InterruptedException if the daemon shuts down meanwhile
	 */
	@UdsRpcHandler("WaitFor")
	public synchronized @Nullable Entry waitFor(String key, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, 60_000));
		String value;
		while ((value = this.entries.get(key)) == null) {
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (remaining <= 0) {
				return null;
			}
			wait(remaining);
		}
		return new Entry(key, value);
	}

	@UdsRpcHandler("Set")
	public Entry set(String key, String value) {
		synchronized (this) {
			if (!this.entries.containsKey(key) && this.entries.size() >= this.maxKeys) {
				throw new UdsRpcException(STORE_FULL, "the store is full (" + this.maxKeys + " keys)");
			}
			this.entries.put(key, value);
			notifyAll();
		}
		this.server.broadcast("KeyChanged", new Change(key, value));
		return new Entry(key, value);
	}

	@UdsRpcHandler("Delete")
	public boolean delete(String key) {
		boolean removed;
		synchronized (this) {
			removed = this.entries.remove(key) != null;
		}
		if (removed) {
			this.server.broadcast("KeyChanged", new Change(key, null));
		}
		return removed;
	}

	@UdsRpcHandler("List")
	public synchronized Map<String, String> list() {
		return Map.copyOf(this.entries);
	}

	/**
	 * A stored entry.
	 *
	 * @param key the key
	 * @param value the value
	 */
	public record Entry(String key, String value) {

	}

	/**
	 * A change of an entry; a {@code null} value means it was deleted.
	 *
	 * @param key the key
	 * @param value the new value or {@code null}
	 */
	public record Change(String key, @Nullable String value) {

	}

}
