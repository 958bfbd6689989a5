package dev.udsrpc.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for {@link UdsRpcServer} over a real socket.
 */
class UdsRpcServerIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path tempDir;

	private final TestHandlers handlers = new TestHandlers();

	private UdsRpcServer server;

	private Path socket;

	@BeforeEach
	void startServer() {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(this.handlers, "testHandlers");
		this.server = UdsRpcServer.builder(registry).socketPath(this.socket).maxMessageSize(1024).build().start();
	}

	@AfterEach
	void stopServer() {
		this.handlers.release.countDown();
		this.server.close();
	}

	@Test
	void answersTheGoReadmeExchangeByteForByte() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Ping\",\"params\":{}}");
			assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
			this.server.broadcast("Tick", Map.of("unix", 1748000000));
			assertThat(client.receive()).isEqualTo("{\"type\":\"Tick\",\"data\":{\"unix\":1748000000}}");
			client.send("{\"id\":2,\"method\":\"Nope\"}");
			assertThat(client.receive())
				.isEqualTo("{\"id\":2,\"error\":{\"code\":-32601,\"message\":\"method not found: Nope\"}}");
		}
	}

	@Test
	void answersGoDialectEdgeCases() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"method\":\"Ping\"}");
			assertThat(client.receive()).isEqualTo("{\"id\":0,\"result\":{\"pong\":true}}");
			client.send("{\"id\":18446744073709551615,\"method\":\"Ping\"}");
			assertThat(client.receive()).isEqualTo("{\"id\":18446744073709551615,\"result\":{\"pong\":true}}");
			client.send("{\"id\":3,\"method\":\"Nothing\"}");
			assertThat(client.receive()).isEqualTo("{\"id\":3,\"result\":null}");
			client.send("{\"id\":4,\"method\":\"Echo\",\"params\":{\"msg\":\"hi\"}}");
			assertThat(client.receive()).isEqualTo("{\"id\":4,\"result\":\"hi\"}");
			client.send("{\"id\":5,\"method\":\"Fail\"}");
			assertThat(client.receive()).isEqualTo("{\"id\":5,\"error\":{\"code\":-32603,\"message\":\"boom\"}}");
			client.send("{\"id\":6,\"method\":\"Deny\"}");
			assertThat(client.receive()).isEqualTo(
					"{\"id\":6,\"error\":{\"code\":-32010,\"message\":\"denied\",\"data\":{\"reason\":\"test\"}}}");
			client.send("{\"id\":7,\"method\":\"subtract\",\"params\":{\"minuend\":\"x\"}}");
			assertThat(tree(client.receive()).at("/error/code").asInt()).isEqualTo(-32602);
			client.send("{\"id\":-1,\"method\":\"Ping\"}");
			assertThat(client.receive()).startsWith("{\"id\":null,\"error\":{\"code\":-32600,");
			client.send("{\"id\":8,\"result\":true}");
			client.send("{\"type\":\"Hello\",\"data\":null}");
			client.send("{\"id\":9,\"method\":\"Async\",\"params\":\"abc\"}");
			assertThat(client.receive()).isEqualTo("{\"id\":9,\"result\":\"ABC\"}");
		}
	}

	@Test
	void keepsTheConnectionAfterAMalformedLine() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":");
			JsonNode error = tree(client.receive());
			assertThat(error.get("id").isNull()).isTrue();
			assertThat(error.at("/error/code").asInt()).isEqualTo(-32700);
			client.sendRaw("\r\n  \n{\"id\":2,\"method\":\"Ping\"}\r\n");
			assertThat(client.receive()).isEqualTo("{\"id\":2,\"result\":{\"pong\":true}}");
		}
	}

	@Test
	void answersAnOversizedLineWithInvalidRequestAndCloses() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Echo\",\"params\":\"" + "x".repeat(2000) + "\"}");
			JsonNode error = tree(client.receive());
			assertThat(error.at("/error/code").asInt()).isEqualTo(-32600);
			assertThat(client.awaitsEof()).isTrue();
		}
		try (LineClient other = new LineClient(this.socket)) {
			other.send("{\"id\":1,\"method\":\"Ping\"}");
			assertThat(other.receive()).isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
		}
	}

	@Test
	void answersOutOfOrderSoASlowHandlerNeverDelaysAFastOne() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Slow\"}");
			client.send("{\"id\":2,\"method\":\"Ping\"}");
			assertThat(client.receive()).isEqualTo("{\"id\":2,\"result\":{\"pong\":true}}");
			this.handlers.release.countDown();
			assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"slow\"}");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "SPPPPPPPPPPPP", "PPPPPPPPPPPPS", "PPPPPPSPPPPPP", "PPPPSPPPPSPPPP" })
	void coalescesRepliesWithoutHoldingAnyBehindASlowHandler(String arrangement) {
		StringBuilder burst = new StringBuilder();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < arrangement.length(); i++) {
			int id = i + 1;
			boolean slow = arrangement.charAt(i) == 'S';
			burst.append("{\"id\":").append(id).append(",\"method\":\"").append(slow ? "Slow" : "Ping").append("\"}\n");
			if (!slow) {
				expected.add("{\"id\":" + id + ",\"result\":{\"pong\":true}}");
			}
		}
		try (LineClient client = new LineClient(this.socket)) {
			// one write: the lines arrive together and their replies are coalesced
			client.sendRaw(burst.toString());
			List<String> received = new ArrayList<>();
			for (int i = 0; i < expected.size(); i++) {
				// well within the ten seconds a slow handler waits for its release
				received.add(client.poll(Duration.ofSeconds(5)));
			}
			assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
			this.handlers.release.countDown();
			for (int i = 0; i < arrangement.length() - expected.size(); i++) {
				assertThat(client.receive()).endsWith(",\"result\":\"slow\"}");
			}
		}
	}

	@Test
	void writesDeferredRepliesBeforeASlowHandlerThatStartsAfterThem() {
		// one worker of the application's: every Ping completes while the Slow request
		// still waits to start, so each reply is deferred; the start of the Slow request
		// must write them
		assertPingsAnsweredWhileSlowBlocks(Executors.newSingleThreadExecutor());
	}

	@Test
	void aFreeWorkerWritesTheRepliesAWorkerKeptWhenItsNextHandlerIsSlow() {
		// the built-in pool with one worker to begin with: it keeps the Ping replies
		// until
		// it has no line left, and the Slow handler blocks it; the pool adds a worker,
		// which writes them
		assertPingsAnsweredWhileSlowBlocks(new WorkerPool("one", 1, 4));
	}

	private void assertPingsAnsweredWhileSlowBlocks(ExecutorService executor) {
		Path socket = this.tempDir.resolve("own.sock");
		HandlerRegistry registry = new HandlerRegistry(json);
		TestHandlers handlers = new TestHandlers();
		registry.registerAnnotated(handlers, "testHandlers");
		try (UdsRpcServer server = UdsRpcServer.builder(registry).socketPath(socket).executor(executor).build().start();
				LineClient client = new LineClient(socket)) {
			client.sendRaw("{\"id\":1,\"method\":\"Ping\"}\n{\"id\":2,\"method\":\"Ping\"}\n"
					+ "{\"id\":3,\"method\":\"Ping\"}\n{\"id\":4,\"method\":\"Slow\"}\n");
			List<String> received = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				// well within the ten seconds the Slow handler waits for its release
				received.add(client.poll(Duration.ofSeconds(5)));
			}
			// in any order: a worker the pool adds while the first one is still busy with
			// the first Ping takes the next lines, and its replies may leave first
			assertThat(received).containsExactlyInAnyOrder("{\"id\":1,\"result\":{\"pong\":true}}",
					"{\"id\":2,\"result\":{\"pong\":true}}", "{\"id\":3,\"result\":{\"pong\":true}}");
			handlers.release.countDown();
			assertThat(client.receive()).isEqualTo("{\"id\":4,\"result\":\"slow\"}");
		}
		finally {
			handlers.release.countDown();
			executor.shutdownNow();
		}
	}

	@Test
	void answersTheJsonRpc2SpecificationExamples() throws Exception {
		try (LineClient client = new LineClient(this.socket)) {
			assertExchange(client, "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42, 23], \"id\": 1}",
					"{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 1}");
			assertExchange(client, "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [23, 42], \"id\": 2}",
					"{\"jsonrpc\": \"2.0\", \"result\": -19, \"id\": 2}");
			assertExchange(client,
					"{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"subtrahend\": 23, \"minuend\": 42}, \"id\": 3}",
					"{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 3}");
			client.send("{\"jsonrpc\": \"2.0\", \"method\": \"update\", \"params\": [1,2,3,4,5]}");
			client.send("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\"}");
			assertExchange(client, "{\"jsonrpc\": \"2.0\", \"method\": \"foobar\", \"id\": \"1\"}",
					"{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601, \"message\": \"Method not found\"}, \"id\": \"1\"}");
			assertExchange(client, "{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]",
					"{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}");
			assertExchange(client, "{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}",
					"{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}");
			assertExchange(client,
					"[{\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"},{\"jsonrpc\": \"2.0\", \"method\"]",
					"{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}");
			assertExchange(client, "[]",
					"{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}");
			assertExchange(client, "[1]",
					"[{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}]");
			String invalid = "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}";
			assertExchange(client, "[1,2,3]", "[" + invalid + "," + invalid + "," + invalid + "]");
			assertExchange(client, """
					[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},\
					{"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},\
					{"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},\
					{"foo": "boo"},\
					{"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},\
					{"jsonrpc": "2.0", "method": "get_data", "id": "9"}]""", """
					[{"jsonrpc": "2.0", "result": 7, "id": "1"},\
					{"jsonrpc": "2.0", "result": 19, "id": "2"},\
					{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},\
					{"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "5"},\
					{"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}]""");
			client.send("[{\"jsonrpc\": \"2.0\", \"method\": \"notify_sum\", \"params\": [1,2,4]},"
					+ "{\"jsonrpc\": \"2.0\", \"method\": \"notify_hello\", \"params\": [7]}]");
			assertExchange(client, "{\"jsonrpc\":\"2.0\",\"method\":\"Ping\",\"id\":null}",
					"{\"jsonrpc\":\"2.0\",\"result\":{\"pong\":true},\"id\":null}");
			assertThat(this.handlers.notified.getCount()).isZero();
		}
	}

	@Test
	void sendsEventsAsNotificationsToJsonRpc2Clients() {
		try (LineClient go = new LineClient(this.socket); LineClient two = new LineClient(this.socket)) {
			two.send("{\"jsonrpc\":\"2.0\",\"method\":\"Ping\",\"id\":\"a\"}");
			assertThat(two.receive()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{\"pong\":true}}");
			go.send("{\"id\":1,\"method\":\"Ping\"}");
			go.receive();
			this.server.broadcast("Tick", Map.of("n", 1));
			this.server.broadcast("Bare", null);
			assertThat(go.receive(2)).containsExactly("{\"type\":\"Tick\",\"data\":{\"n\":1}}",
					"{\"type\":\"Bare\",\"data\":null}");
			assertThat(two.receive(2)).containsExactly("{\"jsonrpc\":\"2.0\",\"method\":\"Tick\",\"params\":{\"n\":1}}",
					"{\"jsonrpc\":\"2.0\",\"method\":\"Bare\"}");
		}
	}

	@Test
	void broadcastsToSelectedConnectionsAndInjectsTheConnection() {
		try (LineClient a = new LineClient(this.socket); LineClient b = new LineClient(this.socket)) {
			a.send("{\"id\":1,\"method\":\"Subscribe\",\"params\":\"news\"}");
			assertThat(a.receive(2)).containsExactly("{\"type\":\"Subscribed\",\"data\":{\"topic\":\"news\"}}",
					"{\"id\":1,\"result\":null}");
			b.send("{\"id\":1,\"method\":\"Whoami\"}");
			JsonNode whoami = tree(b.receive()).get("result");
			assertThat(whoami.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
			this.server.broadcast("News", "hello", (c) -> "news".equals(c.attributes().get("topic")));
			this.server.broadcast("All", 1);
			assertThat(a.receive(2)).containsExactly("{\"type\":\"News\",\"data\":\"hello\"}",
					"{\"type\":\"All\",\"data\":1}");
			assertThat(b.receive()).isEqualTo("{\"type\":\"All\",\"data\":1}");
			assertThat(this.server.connections()).hasSize(2);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().isEmpty());
	}

	@Test
	void bindsNamedParamsAndReportsMissingOnes() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Greet\",\"params\":{\"name\":\"Ada\"}}");
			assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"Hello, Ada\"}");
			client.send("{\"id\":2,\"method\":\"Greet\",\"params\":[\"Ada\",\"Hi\"]}");
			assertThat(client.receive()).isEqualTo("{\"id\":2,\"result\":\"Hi, Ada\"}");
			client.send("{\"id\":3,\"method\":\"Greet\",\"params\":{}}");
			JsonNode error = tree(client.receive()).get("error");
			assertThat(error.get("code").asInt()).isEqualTo(-32602);
			assertThat(error.get("message").asString()).contains("'name'");
		}
	}

	@Test
	void answersEveryRequestOfAClientThatHalfClosed() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Slow\"}");
			client.send("{\"id\":2,\"method\":\"Ping\"}");
			client.shutdownOutput();
			assertThat(client.receive()).isEqualTo("{\"id\":2,\"result\":{\"pong\":true}}");
			this.handlers.release.countDown();
			assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"slow\"}");
			assertThat(client.awaitsEof()).isTrue();
		}
	}

	@Test
	void shutsDownGracefullyLettingRequestsInFlightFinish() throws Exception {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Slow\"}");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().size() == 1);
			java.util.concurrent.CompletableFuture<Void> shutdown = java.util.concurrent.CompletableFuture
				.runAsync(() -> this.server.shutdown(Duration.ofSeconds(10)), TestThreads.PER_TASK);
			assertThat(client.receive()).isEqualTo("{\"type\":\"ShuttingDown\",\"data\":null}");
			client.send("{\"id\":2,\"method\":\"Ping\"}");
			assertThat(client.receive())
				.isEqualTo("{\"id\":2,\"error\":{\"code\":-32000,\"message\":\"server is shutting down\"}}");
			assertThat(shutdown).isNotDone();
			this.handlers.release.countDown();
			assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"slow\"}");
			assertThat(client.awaitsEof()).isTrue();
			shutdown.get(10, java.util.concurrent.TimeUnit.SECONDS);
		}
		assertThat(this.socket).doesNotExist();
	}

	@Test
	void answersRequestsThatOutliveTheShutdownGraceWithAnError() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Slow\"}");
			client.send(
					"[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Slow\"},{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"Ping\"}]");
			// both slow handlers run, so the batch has been read as JSON-RPC 2.0, and the
			// Ping of the batch, which may wait for the pool to add a worker, has run
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.handlers.slowStarted.get() == 2 && this.handlers.pings.get() == 1);
			this.server.shutdown(Duration.ofMillis(200));
			List<String> received = client.receive(3);
			// the client spoke JSON-RPC 2.0 in its batch, so events come as notifications
			assertThat(received.get(0)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ShuttingDown\"}");
			assertThat(received.subList(1, 3)).containsExactlyInAnyOrder(
					"{\"id\":1,\"error\":{\"code\":-32000,\"message\":\"server shut down before the request completed\"}}",
					"[{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32000,\"message\":\"server shut down before the request completed\"}},"
							+ "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"pong\":true}}]");
			assertThat(client.awaitsEof()).isTrue();
		}
	}

	@Test
	void protectsTheSocketFileAndRemovesItOnClose() throws Exception {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.socket))).isEqualTo("rw-------");
		this.server.close();
		assertThat(this.socket).doesNotExist();
	}

	@Test
	void refusesToBindOverAnExistingFile() throws Exception {
		Path file = this.tempDir.resolve("file.sock");
		Files.writeString(file, "keep");
		HandlerRegistry registry = new HandlerRegistry(json);
		assertThatExceptionOfType(java.io.UncheckedIOException.class)
			.isThrownBy(() -> UdsRpcServer.start(file, registry));
		assertThat(Files.readString(file)).isEqualTo("keep");
	}

	@Test
	void handlesManyPipelinedRequests() {
		try (LineClient client = new LineClient(this.socket)) {
			StringBuilder burst = new StringBuilder();
			for (int i = 1; i <= 2000; i++) {
				burst.append("{\"id\":")
					.append(i)
					.append(",\"method\":\"Echo\",\"params\":\"m")
					.append(i)
					.append("\"}\n");
			}
			client.sendBytes(burst.toString().getBytes(StandardCharsets.UTF_8));
			List<String> replies = client.receive(2000);
			assertThat(replies).hasSize(2000).allSatisfy((reply) -> assertThat(reply).contains("\"result\":\"m"));
		}
	}

	private void assertExchange(LineClient client, String request, String expected) {
		client.send(request);
		JsonNode actual = tree(client.receive());
		assertThat(normalize(actual)).isEqualTo(normalize(tree(expected)));
	}

	private static JsonNode normalize(JsonNode node) {
		if (node.isArray()) {
			var array = json.createArrayNode();
			node.forEach((element) -> array.add(normalize(element)));
			return array;
		}
		if (node.isObject() && node.has("error")) {
			var copy = node.deepCopy();
			((tools.jackson.databind.node.ObjectNode) copy.get("error")).put("message", "<message>");
			return copy;
		}
		return node;
	}

	private static JsonNode tree(String text) {
		return json.readTree(text);
	}

}
