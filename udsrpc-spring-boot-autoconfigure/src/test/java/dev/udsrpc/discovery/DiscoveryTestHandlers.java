package dev.udsrpc.discovery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.handler.UdsRpcParam;
import dev.udsrpc.server.UdsRpcConnection;
import org.jspecify.annotations.Nullable;

/**
 * Handlers with the signatures discovery describes.
 */
public class DiscoveryTestHandlers {

	@UdsRpcHandler("Ping")
	public Map<String, Boolean> ping() {
		return Map.of("pong", true);
	}

	@UdsRpcHandler("Echo")
	public Message echo(Message message) {
		return message;
	}

	@UdsRpcHandler("Get")
	public Entry get(String key) {
		return new Entry(key, "v", Instant.EPOCH);
	}

	@UdsRpcHandler("Set")
	public Entry set(String key, @Nullable String value, UdsRpcConnection connection) {
		return new Entry(key, value, Instant.EPOCH);
	}

	@UdsRpcHandler("WaitFor")
	public Optional<Entry> waitFor(@UdsRpcParam("name") String key, Optional<Long> timeoutMillis) {
		return Optional.empty();
	}

	@UdsRpcHandler("Upper")
	public CompletionStage<String> upper(String text) {
		return CompletableFuture.completedFuture(text.toUpperCase());
	}

	@UdsRpcHandler("Nothing")
	public void nothing() {
	}

	@UdsRpcHandler("Sum")
	public int sum(List<Integer> values) {
		return values.stream().mapToInt(Integer::intValue).sum();
	}

	@UdsRpcHandler("Subtract")
	public int subtract(int minuend, int subtrahend) {
		return minuend - subtrahend;
	}

	/**
	 * A message.
	 *
	 * @param msg the text
	 */
	public record Message(String msg) {

	}

	/**
	 * A stored entry.
	 *
	 * @param key the key
	 * @param value the value
	 * @param modified when it was set
	 */
	public record Entry(String key, @Nullable String value, Instant modified) {

	}

}
