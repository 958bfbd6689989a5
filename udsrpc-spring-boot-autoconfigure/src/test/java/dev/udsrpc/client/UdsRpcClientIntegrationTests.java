package dev.udsrpc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.handler.UdsRpcParam;
import dev.udsrpc.protocol.UdsRpcException;
import dev.udsrpc.server.TestHandlers;
import dev.udsrpc.server.UdsRpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for {@link UdsRpcClient} against a real {@link UdsRpcServer}.
 */
class UdsRpcClientIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path tempDir;

	private final TestHandlers handlers = new TestHandlers();

	private Path socket;

	private UdsRpcServer server;

	@BeforeEach
	void startServer() {
		this.socket = this.tempDir.resolve("c.sock");
		this.server = startServer(this.socket);
	}

	private UdsRpcServer startServer(Path path) {
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(this.handlers, "testHandlers");
		return UdsRpcServer.start(path, registry);
	}

	@AfterEach
	void stopServer() {
		this.handlers.release.countDown();
		this.server.close();
	}

	@Test
	void callsAndConvertsResults() {
		try (UdsRpcClient client = UdsRpcClient.connect(this.socket)) {
			assertThat(client.call("Ping", null, Map.class)).isEqualTo(Map.of("pong", true));
			assertThat(client.call("Echo", Map.of("msg", "hi"), String.class)).isEqualTo("hi");
			assertThat(client.call("subtract", List.of(42, 23), Integer.class)).isEqualTo(19);
			assertThat(client.call("Nothing", null, Object.class)).isNull();
			assertThat(client.call("get_data", null).toString()).isEqualTo("[\"hello\",5]");
		}
	}

	@Test
	void surfacesErrorsWithCodeMessageAndData() {
		try (UdsRpcClient client = UdsRpcClient.connect(this.socket)) {
			assertThatExceptionOfType(UdsRpcException.class).isThrownBy(() -> client.call("Deny", null, String.class))
				.satisfies((ex) -> {
					assertThat(ex.code()).isEqualTo(-32010);
					assertThat(ex.getMessage()).isEqualTo("denied");
					assertThat(ex.data()).isInstanceOf(JsonNode.class);
					assertThat(((JsonNode) ex.data()).get("reason").asString()).isEqualTo("test");
				});
			assertThatExceptionOfType(UdsRpcException.class).isThrownBy(() -> client.call("Nope", null, String.class))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(-32601));
		}
	}

	@Test
	void pipelinesCallsWhoseRepliesComeBackOutOfOrder() throws Exception {
		try (UdsRpcClient client = UdsRpcClient.connect(this.socket)) {
			CompletableFuture<String> slow = client.callAsync("Slow", null, String.class);
			List<CompletableFuture<String>> fast = new java.util.ArrayList<>();
			for (int i = 0; i < 500; i++) {
				fast.add(client.callAsync("Echo", Map.of("msg", "m" + i), String.class));
			}
			for (int i = 0; i < 500; i++) {
				assertThat(fast.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("m" + i);
			}
			assertThat(slow).isNotDone();
			this.handlers.release.countDown();
			assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
		}
	}

	@Test
	void timesOutACallThatIsNotAnswered() {
		try (UdsRpcClient client = UdsRpcClient.builder(this.socket).timeout(Duration.ofMillis(200)).build()) {
			assertThatExceptionOfType(UdsRpcTimeoutException.class)
				.isThrownBy(() -> client.call("Slow", null, String.class))
				.withMessageContaining("'Slow'");
			assertThat(client.call("Ping", null, Map.class)).containsEntry("pong", true);
		}
	}

	@Test
	void receivesEventsByTypeAndAll() {
		try (UdsRpcClient client = UdsRpcClient.connect(this.socket)) {
			List<String> typed = new CopyOnWriteArrayList<>();
			List<String> all = new CopyOnWriteArrayList<>();
			client.onEvent("Tick", Tick.class, (tick) -> typed.add("tick " + tick.n()));
			client.onAnyEvent((type, data) -> all.add(type + " " + data));
			client.call("Ping", null, Map.class);
			this.server.broadcast("Tick", Map.of("n", 1));
			this.server.broadcast("Other", null);
			await().atMost(Duration.ofSeconds(10)).until(() -> all.size() == 2);
			assertThat(typed).containsExactly("tick 1");
			assertThat(all).containsExactly("Tick {\"n\":1}", "Other null");
		}
	}

	@Test
	void reconnectsWithBackoffAndKeepsListeners() {
		try (UdsRpcClient client = UdsRpcClient.builder(this.socket)
			.reconnect(Duration.ofMillis(20), Duration.ofMillis(200))
			.build()) {
			List<String> events = new CopyOnWriteArrayList<>();
			client.onEvent("Hello", (data) -> events.add(data.asString()));
			assertThat(client.call("Ping", null, Map.class)).containsEntry("pong", true);
			this.server.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
			this.server = startServer(this.socket);
			await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
			assertThat(client.call("Ping", null, Map.class)).containsEntry("pong", true);
			this.server.broadcast("Hello", "again");
			await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("again"));
		}
	}

	@Test
	void failsCallsInFlightWhenTheConnectionIsLost() throws Exception {
		UdsRpcClient client = UdsRpcClient.connect(this.socket);
		CompletableFuture<String> slow = client.callAsync("Slow", null, String.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().size() == 1);
		this.server.close();
		assertThat(slow).failsWithin(Duration.ofSeconds(10));
		client.close();
	}

	@Test
	void failsEveryCallAtOnceWhenTheReaderDies() {
		try (UdsRpcClient client = UdsRpcClient.builder(this.socket).timeout(Duration.ofSeconds(60)).build()) {
			client.onEvent("Subscribed", (data) -> {
				throw new StackOverflowError("in a listener");
			});
			CompletableFuture<String> slow = client.callAsync("Slow", null, String.class);
			client.callAsync("Subscribe", "news", Object.class);
			assertThat(slow).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(StackOverflowError.class)
				.withMessage("in a listener");
			assertThat(client.disconnected()).succeedsWithin(Duration.ofSeconds(10));
			assertThat(client.callAsync("Ping", null, Map.class)).isCompletedExceptionally();
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> client.call("Ping", null))
				.withMessageContaining("c.sock")
				.withMessageContaining("StackOverflowError: in a listener");
		}
	}

	@Test
	void callsThroughATypedProxy() throws Exception {
		try (UdsRpcClient client = UdsRpcClient.connect(this.socket)) {
			Api api = client.proxy(Api.class);
			assertThat(api.ping()).containsEntry("pong", true);
			assertThat(api.echo("hi")).isEqualTo("hi");
			assertThat(api.subtract(42, 23)).isEqualTo(19);
			assertThat(api.greet("Ada", null)).isEqualTo("Hello, Ada");
			assertThat(api.async("abc").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("ABC");
			api.nothing();
			assertThatExceptionOfType(UdsRpcException.class).isThrownBy(api::deny)
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(-32010));
			assertThat(api.toString()).contains(Api.class.getName());
		}
	}

	interface Api {

		@UdsRpcHandler("Ping")
		Map<String, Boolean> ping();

		@UdsRpcHandler("Echo")
		String echo(String msg);

		@UdsRpcHandler
		int subtract(int minuend, int subtrahend);

		@UdsRpcHandler("Greet")
		String greet(@UdsRpcParam("name") String name, @UdsRpcParam("greeting") String greeting);

		@UdsRpcHandler("Async")
		CompletionStage<String> async(String text);

		@UdsRpcHandler("Nothing")
		void nothing();

		@UdsRpcHandler("Deny")
		String deny();

	}

	record Tick(int n) {

	}

}
