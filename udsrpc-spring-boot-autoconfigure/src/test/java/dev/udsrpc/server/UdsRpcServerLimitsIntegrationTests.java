package dev.udsrpc.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for the per-connection and per-server limits of {@link UdsRpcServer}.
 */
class UdsRpcServerLimitsIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path tempDir;

	private final BlockingHandlers handlers = new BlockingHandlers();

	private final List<LineClient> clients = new ArrayList<>();

	private UdsRpcServer server;

	private Path socket;

	@AfterEach
	void stopServer() {
		this.handlers.gate.release(100_000);
		this.clients.forEach(LineClient::close);
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void neverHandlesMoreRequestsOfAConnectionThanTheLimitEvenWhenOneReadHoldsMore() {
		start((builder) -> builder.maxRequestsInFlight(4));
		LineClient client = connect();
		StringBuilder lines = new StringBuilder();
		for (int i = 1; i <= 100; i++) {
			lines.append("{\"id\":").append(i).append(",\"method\":\"Block\"}\n");
		}
		client.sendRaw(lines.toString());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handlers.running.get() == 4);
		for (int i = 0; i < 100; i++) {
			this.handlers.gate.release();
		}
		assertThat(client.receive(100)).hasSize(100);
		assertThat(this.handlers.mostRunning.get()).isEqualTo(4);
	}

	@Test
	void readsTheEnvelopeWithinTheLimitsOfTheRegistryUnlessGivenOthers() {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(json, List.of(),
				StreamReadConstraints.builder().maxNestingDepth(5).build());
		registry.registerAnnotated(this.handlers, "blockingHandlers");
		this.server = UdsRpcServer.builder(registry).socketPath(this.socket).build().start();
		LineClient client = connect();
		client.send("{\"id\":1,\"method\":\"Echo\",\"params\":\"x\",\"extra\":[[[[[[[1]]]]]]]}");
		assertThat(client.receive()).contains("\"id\":null,\"error\":{\"code\":-32700,").contains("nesting depth");
	}

	@Test
	void dispatchesLinesHeldBackInTheOrderTheyArrived() {
		start((builder) -> builder.maxRequestsInFlight(1));
		LineClient client = connect();
		StringBuilder lines = new StringBuilder();
		List<String> expected = new ArrayList<>();
		for (int i = 1; i <= 200; i++) {
			lines.append("{\"id\":").append(i).append(",\"method\":\"Echo\",\"params\":\"").append(i).append("\"}\n");
			expected.add("{\"id\":" + i + ",\"result\":\"" + i + "\"}");
		}
		client.sendRaw(lines.toString());
		assertThat(client.receive(200)).containsExactlyElementsOf(expected);
	}

	@Test
	void holdsBackALineWhileTheRequestsInFlightAddUpToTheMaxMessageSize() {
		start((builder) -> builder.maxMessageSize(1024));
		LineClient client = connect();
		String padding = "x".repeat(600);
		client.send("{\"id\":1,\"method\":\"Block\",\"params\":\"" + padding + "\"}");
		client.send("{\"id\":2,\"method\":\"Block\",\"params\":\"" + padding + "\"}");
		client.send("{\"id\":3,\"method\":\"Echo\",\"params\":\"small\"}");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handlers.running.get() == 1);
		this.handlers.gate.release(2);
		assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"blocked\"}");
		// 2 and 3 fit together
		assertThat(client.receive(2)).containsExactlyInAnyOrder("{\"id\":2,\"result\":\"blocked\"}",
				"{\"id\":3,\"result\":\"small\"}");
		assertThat(this.handlers.mostRunning.get()).isEqualTo(1);
	}

	@Test
	void refusesConnectionsBeyondTheLimitAndAcceptsAgainWhenOneCloses() {
		start((builder) -> builder.maxConnections(8));
		for (int i = 0; i < 8; i++) {
			assertThat(connect().send("{\"id\":1,\"method\":\"Echo\",\"params\":\"hi\"}").receive())
				.isEqualTo("{\"id\":1,\"result\":\"hi\"}");
		}
		try (LineClient ninth = new LineClient(this.socket)) {
			try {
				ninth.send("{\"id\":9,\"method\":\"Echo\",\"params\":\"hi\"}");
			}
			catch (UncheckedIOException ex) {
				// closed before the request was written
			}
			assertThat(ninth.awaitsEof()).isTrue();
		}
		this.clients.remove(0).close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().size() == 7);
		assertThat(connect().send("{\"id\":10,\"method\":\"Echo\",\"params\":\"hi\"}").receive())
			.isEqualTo("{\"id\":10,\"result\":\"hi\"}");
	}

	@Test
	void answersABatchLongerThanTheLimitWithOneError() {
		start((builder) -> builder.maxBatchSize(3));
		LineClient client = connect();
		client.send("[1,2,3,4]");
		assertThat(client.receive()).isEqualTo(
				"{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: a batch must have at most 3 entries\"}}");
		client.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Echo\",\"params\":[\"a\"]}]");
		assertThat(client.receive()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"a\"}]");
	}

	@Test
	void closesAPipeliningClientThatNeverReadsOnceItsRepliesExceedTheQueueLimit() throws Exception {
		start((builder) -> builder.maxQueuedBytes(256 * 1024));
		byte[] requests = "{\"id\":1,\"method\":\"Echo\",\"params\":[\"0123456789abcdef0123456789abcdef\"]}\n"
			.repeat(2000)
			.getBytes(StandardCharsets.UTF_8);
		long limit = 200L * 1024 * 1024;
		CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> {
			long total = 0;
			try (SocketChannel flooder = SocketChannel.open(UnixDomainSocketAddress.of(this.socket))) {
				while (total < limit) {
					ByteBuffer buffer = ByteBuffer.wrap(requests);
					while (buffer.hasRemaining()) {
						total += flooder.write(buffer);
					}
				}
			}
			catch (IOException ex) {
				// closed by the server, as expected
			}
			return total;
		}, TestThreads.PER_TASK);
		assertThat(written.get(60, TimeUnit.SECONDS)).isLessThan(limit);
		LineClient other = connect();
		other.send("{\"id\":2,\"method\":\"Echo\",\"params\":[\"b\"]}");
		assertThat(other.receive()).isEqualTo("{\"id\":2,\"result\":\"b\"}");
	}

	private void start(Consumer<UdsRpcServer.Builder> customizer) {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(this.handlers, "blockingHandlers");
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
	 * Handlers that record how many of them run at once.
	 */
	public static class BlockingHandlers {

		final Semaphore gate = new Semaphore(0);

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger mostRunning = new AtomicInteger();

		@UdsRpcHandler("Block")
		public String block() throws InterruptedException {
			this.mostRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				if (!this.gate.tryAcquire(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("not released");
				}
				return "blocked";
			}
			finally {
				this.running.decrementAndGet();
			}
		}

		@UdsRpcHandler("Echo")
		public String echo(String text) {
			return text;
		}

	}

}
