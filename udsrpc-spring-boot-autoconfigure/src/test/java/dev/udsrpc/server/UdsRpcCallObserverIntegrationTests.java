package dev.udsrpc.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.test.LineClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for {@link UdsRpcCallObserver} and the refusal and event callbacks of
 * {@link UdsRpcConnectionListener}.
 */
class UdsRpcCallObserverIntegrationTests {

	@TempDir
	Path tempDir;

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final List<String> notifications = new CopyOnWriteArrayList<>();

	private final CompletableFuture<String> pending = new CompletableFuture<>();

	private UdsRpcServer server;

	private Path socket;

	@BeforeEach
	void startServer() {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.registerAnnotated(new TestHandlers(), "testHandlers");
		registry.registerAnnotated(new Later(this.pending), "later");
		this.server = UdsRpcServer.builder(registry)
			.socketPath(this.socket)
			.maxConnections(1)
			.callObserver(this::start)
			.listener(new UdsRpcConnectionListener() {

				@Override
				public void connectionRefused(@Nullable PeerCredentials peer, String reason) {
					UdsRpcCallObserverIntegrationTests.this.notifications
						.add("refused " + reason + " " + ((peer != null) ? peer.pid() : -1));
				}

				@Override
				public void eventSent(String type, int recipients) {
					UdsRpcCallObserverIntegrationTests.this.notifications.add("event " + type + " " + recipients);
				}

			})
			.build()
			.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	private UdsRpcCallObserver.Call start(String method, RpcId id, Dialect dialect, UdsRpcConnection connection) {
		String call = method + " " + id + " " + dialect + " " + connection.id();
		this.calls.add("start " + call);
		return new UdsRpcCallObserver.Call() {

			@Override
			public void succeeded() {
				UdsRpcCallObserverIntegrationTests.this.calls.add("ok " + call);
			}

			@Override
			public void failed(int code, String message, @Nullable Throwable cause) {
				UdsRpcCallObserverIntegrationTests.this.calls.add(code + " " + message + " "
						+ ((cause != null) ? cause.getClass().getSimpleName() : "-") + " " + call);
			}

		};
	}

	@Test
	void observesSuccessesAndErrorsBeforeTheResponseIsWritten() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Ping\"}").receive();
			assertThat(this.calls).containsExactly("start Ping 1 GO 1", "ok Ping 1 GO 1");
			this.calls.clear();
			client.send("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"Nope\"}").receive();
			client.send("{\"id\":3,\"method\":\"Fail\"}").receive();
			client.send("{\"id\":4,\"method\":\"Deny\"}").receive();
			client.send("{\"id\":5,\"method\":\"subtract\",\"params\":{\"minuend\":\"x\"}}").receive();
			assertThat(this.calls).hasSize(8)
				.startsWith("start Nope \"a\" JSON_RPC_2 1", "-32601 method not found: Nope - Nope \"a\" JSON_RPC_2 1",
						"start Fail 3 GO 1", "-32603 boom IllegalStateException Fail 3 GO 1", "start Deny 4 GO 1",
						"-32010 denied UdsRpcException Deny 4 GO 1", "start subtract 5 GO 1");
			assertThat(this.calls.get(7)).startsWith("-32602 invalid params: parameter 'minuend'")
				.endsWith("UdsRpcException subtract 5 GO 1");
		}
	}

	@Test
	void observesAnAsynchronousHandlerUntilItCompletes() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Later\"}");
			await().until(() -> this.calls.contains("start Later 1 GO 1"));
			assertThat(this.calls).hasSize(1);
			this.pending.complete("done");
			assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"done\"}");
			assertThat(this.calls).containsExactly("start Later 1 GO 1", "ok Later 1 GO 1");
		}
	}

	@Test
	void reportsEventsSentAndConnectionsRefused() {
		try (LineClient client = new LineClient(this.socket)) {
			client.send("{\"id\":1,\"method\":\"Ping\"}").receive();
			this.server.broadcast("Tick", Map.of("n", 1));
			client.receive();
			this.server.broadcast("Nobody", null, (connection) -> false);
			try (LineClient refused = new LineClient(this.socket)) {
				assertThat(refused.awaitsEof()).isTrue();
			}
			await().until(() -> this.notifications.size() == 2);
			assertThat(this.notifications).containsExactly("event Tick 1",
					"refused limit " + ProcessHandle.current().pid());
		}
	}

	/**
	 * A handler that completes when the test says so.
	 */
	public static class Later {

		private final CompletionStage<String> result;

		Later(CompletionStage<String> result) {
			this.result = result;
		}

		@UdsRpcHandler("Later")
		public CompletionStage<String> later() {
			return this.result;
		}

	}

}
