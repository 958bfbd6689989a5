package dev.udsrpc.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for the share of the server one connection may take: batches count
 * against the requests in flight, and a connection never holds every worker.
 */
class UdsRpcServerFairnessIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path tempDir;

	private final SleepHandlers handlers = new SleepHandlers();

	private final List<LineClient> clients = new ArrayList<>();

	private UdsRpcServer server;

	private Path socket;

	@AfterEach
	void stopServer() {
		this.handlers.released.countDown();
		this.clients.forEach(LineClient::close);
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void anotherClientIsAnsweredWhileABatchOfBlockedEntriesHoldsItsShare() {
		start((builder) -> {
		});
		LineClient batcher = connect();
		batcher.send(blockingBatch(400));
		awaitRunning(8);
		LineClient other = connect();
		// every entry of the batch stays blocked until the other client has its answer:
		// without a share per connection the Ping would wait behind 400 of them
		assertThat(other.send("{\"id\":1,\"method\":\"Ping\"}").receive()).isEqualTo("{\"id\":1,\"result\":\"pong\"}");
		assertThat(this.handlers.released.getCount()).isOne();
		this.handlers.released.countDown();
		JsonNode response = json.readTree(batcher.receive());
		assertThat(response.size()).isEqualTo(400);
		assertThat(this.handlers.mostRunning.get()).isLessThanOrEqualTo(128);
	}

	@Test
	void batchEntriesCountAgainstTheRequestsInFlightAndAreAllAnsweredInOneArray() {
		start((builder) -> builder.maxRequestsInFlight(4));
		LineClient client = connect();
		client.send(batch(40, 20));
		JsonNode response = json.readTree(client.receive());
		assertThat(response.isArray()).isTrue();
		assertThat(response.size()).isEqualTo(40);
		for (int i = 0; i < 40; i++) {
			assertThat(response.get(i).get("id").asInt()).isEqualTo(i);
			assertThat(response.get(i).get("result").asString()).isEqualTo("slept");
		}
		assertThat(this.handlers.mostRunning.get()).isLessThanOrEqualTo(4);
	}

	@Test
	void linesAfterABatchThatTakesEveryShareWaitAndAreAnswered() {
		start((builder) -> builder.maxRequestsInFlight(2));
		LineClient client = connect();
		client.sendRaw(batch(10, 20) + "\n{\"id\":99,\"method\":\"Ping\"}\n");
		List<String> received = client.receive(2);
		assertThat(received).anySatisfy((line) -> assertThat(line).isEqualTo("{\"id\":99,\"result\":\"pong\"}"));
		assertThat(received).anySatisfy((line) -> assertThat(json.readTree(line).size()).isEqualTo(10));
		assertThat(this.handlers.mostRunning.get()).isLessThanOrEqualTo(2);
	}

	private static String batch(int entries, long sleepMillis) {
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < entries; i++) {
			batch.append((i > 0) ? "," : "")
				.append("{\"jsonrpc\":\"2.0\",\"id\":")
				.append(i)
				.append(",\"method\":\"Sleep\",\"params\":[")
				.append(sleepMillis)
				.append("]}");
		}
		return batch.append(']').toString();
	}

	private static String blockingBatch(int entries) {
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < entries; i++) {
			batch.append((i > 0) ? "," : "")
				.append("{\"jsonrpc\":\"2.0\",\"id\":")
				.append(i)
				.append(",\"method\":\"Block\"}");
		}
		return batch.append(']').toString();
	}

	private void awaitRunning(int count) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(1))
			.until(() -> this.handlers.running.get() >= count);
	}

	private void start(Consumer<UdsRpcServer.Builder> customizer) {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(this.handlers, "sleepHandlers");
		UdsRpcServer.Builder builder = UdsRpcServer.builder(registry).socketPath(this.socket);
		customizer.accept(builder);
		this.server = builder.build().start();
	}

	private LineClient connect() {
		LineClient client = new LineClient(this.socket);
		this.clients.add(client);
		return client;
	}

	/**
	 * Handlers that sleep and record how many of them run at once.
	 */
	public static class SleepHandlers {

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger mostRunning = new AtomicInteger();

		final CountDownLatch released = new CountDownLatch(1);

		@UdsRpcHandler("Sleep")
		public String sleep(long millis) throws InterruptedException {
			this.mostRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				Thread.sleep(millis);
				return "slept";
			}
			finally {
				this.running.decrementAndGet();
			}
		}

		@UdsRpcHandler("Block")
		public String block() throws InterruptedException {
			this.mostRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				this.released.await();
				return "released";
			}
			finally {
				this.running.decrementAndGet();
			}
		}

		@UdsRpcHandler("Ping")
		public String ping() {
			return "pong";
		}

	}

}
