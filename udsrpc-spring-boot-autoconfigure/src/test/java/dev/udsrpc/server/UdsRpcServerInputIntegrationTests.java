package dev.udsrpc.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for what the server holds of a connection's input: incomplete lines,
 * the global budget of buffered input, and the dialect of errors for malformed lines.
 */
class UdsRpcServerInputIntegrationTests {

	private static final String PING = "{\"id\":1,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":1,\"result\":{\"pong\":true}}";

	@TempDir
	Path tempDir;

	private final List<LineClient> clients = new ArrayList<>();

	private final TestHandlers handlers = new TestHandlers();

	private UdsRpcServer server;

	private Path socket;

	@AfterEach
	void stopServer() {
		this.handlers.release.countDown();
		this.clients.forEach(LineClient::close);
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void closesAConnectionThatHoldsAnIncompleteLineTooLong() {
		start((builder) -> builder.partialLineTimeout(Duration.ofMillis(300)));
		LineClient slow = connect();
		slow.sendRaw("{\"id\":1,\"method\":");
		long start = System.nanoTime();
		assertThat(slow.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,")
			.contains("incomplete line");
		assertThat(slow.awaitsEof()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(connect().send(PING).receive()).isEqualTo(PONG);
	}

	@Test
	void anIncompleteLineTheServerDoesNotReadWhileRequestsAreInFlightIsNotTimedOut() {
		start((builder) -> builder.partialLineTimeout(Duration.ofSeconds(1)).maxRequestsInFlight(1));
		LineClient client = connect();
		// the Ping waits for the Slow request, and the server reads no further meanwhile:
		// twice the timeout passes without an error, and once reading resumes the rest of
		// the line has the whole timeout to arrive, however busy the machine
		client.sendRaw("{\"id\":1,\"method\":\"Slow\"}\n{\"id\":2,\"method\":\"Ping\"}\n{\"id\":3,\"method\":");
		assertThat(client.poll(Duration.ofSeconds(2))).isNull();
		this.handlers.release.countDown();
		client.sendRaw("\"Ping\"}\n");
		assertThat(client.receive(3)).containsExactly("{\"id\":1,\"result\":\"slow\"}",
				"{\"id\":2,\"result\":{\"pong\":true}}", "{\"id\":3,\"result\":{\"pong\":true}}");
	}

	@Test
	void anIdleServerDoesNotWakeUpAfterAnIncompleteLineWasCompleted() {
		start((builder) -> {
		});
		LineClient client = connect();
		client.sendRaw("{\"id\":1,");
		client.sendRaw("\"method\":\"Ping\"}\n");
		assertThat(client.receive()).isEqualTo(PONG);
		Path status = loopThreadStatus();
		long switches = voluntarySwitches(status);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(2))
			.until(() -> voluntarySwitches(status) == switches);
	}

	@Test
	void bufferedInputBeyondTheBudgetClosesTheConnectionHoldingTheMost() {
		start((builder) -> builder.maxBufferedInput(1024 * 1024));
		LineClient hog = connect();
		LineClient other = connect();
		hog.sendRaw("a".repeat(900 * 1024));
		other.sendRaw("b".repeat(400 * 1024));
		assertThat(hog.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,");
		assertThat(hog.awaitsEof()).isTrue();
		other.sendRaw("\n");
		assertThat(other.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
		assertThat(other.send(PING).receive()).isEqualTo(PONG);
	}

	@Test
	void malformedLinesAreAnsweredInTheDialectTheConnectionSpeaks() {
		start((builder) -> {
		});
		LineClient go = connect();
		assertThat(go.send(PING).receive()).isEqualTo(PONG);
		assertThat(go.send("not json").receive()).startsWith("{\"id\":null,\"error\":{\"code\":-32700,");
		LineClient jsonRpc2 = connect();
		assertThat(jsonRpc2.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Ping\"}").receive())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"pong\":true}}");
		assertThat(jsonRpc2.send("not json").receive())
			.startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
		LineClient fresh = connect();
		assertThat(fresh.send("not json").receive())
			.startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
	}

	private static Path loopThreadStatus() {
		// the newest server's loop thread, as the kernel names it
		String name = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((thread) -> thread.startsWith("udsrpc-loop-"))
			.max(Comparator.comparingInt((thread) -> Integer.parseInt(thread.substring("udsrpc-loop-".length()))))
			.orElseThrow();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			return tasks.filter((task) -> readString(task.resolve("comm")).strip().equals(name))
				.map((task) -> task.resolve("status"))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long voluntarySwitches(Path status) {
		return readString(status).lines()
			.filter((line) -> line.startsWith("voluntary_ctxt_switches:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

	private static String readString(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void start(Consumer<UdsRpcServer.Builder> customizer) {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.registerAnnotated(this.handlers, "testHandlers");
		UdsRpcServer.Builder builder = UdsRpcServer.builder(registry).socketPath(this.socket);
		customizer.accept(builder);
		this.server = builder.build().start();
	}

	private LineClient connect() {
		LineClient client = new LineClient(this.socket);
		this.clients.add(client);
		return client;
	}

}
