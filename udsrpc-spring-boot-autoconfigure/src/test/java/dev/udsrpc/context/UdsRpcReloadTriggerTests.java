package dev.udsrpc.context;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.server.UdsRpcServer;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link UdsRpcReloadTrigger}.
 */
class UdsRpcReloadTriggerTests {

	@TempDir
	Path tempDir;

	private UdsRpcServer server;

	private final List<String> causes = new CopyOnWriteArrayList<>();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile RuntimeException failure;

	private UdsRpcReloadTrigger trigger;

	@BeforeEach
	void start() {
		this.server = UdsRpcServer.start(this.tempDir.resolve("r.sock"),
				new HandlerRegistry(JsonMapper.builder().build()));
		this.trigger = new UdsRpcReloadTrigger((event) -> {
			UdsRpcReloadEvent reload = (UdsRpcReloadEvent) event;
			this.causes.add(reload.getCause());
			try {
				this.gate.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.failure != null) {
				throw this.failure;
			}
		}, this.server);
	}

	@AfterEach
	void stop() {
		this.trigger.destroy();
		this.server.close();
	}

	@Test
	void broadcastsConfigReloadedAfterListenersReturned() throws Exception {
		try (LineClient client = new LineClient(this.server.socketPath())) {
			await().until(() -> this.server.connections().size() == 1);
			this.trigger.reload("test").get(10, TimeUnit.SECONDS);
			assertThat(client.receive()).isEqualTo("{\"type\":\"ConfigReloaded\",\"data\":null}");
			assertThat(this.causes).containsExactly("test");
		}
	}

	@Test
	void sendsNoConfigReloadedWhenAListenerFails() throws Exception {
		this.failure = new IllegalStateException("bad config");
		try (LineClient client = new LineClient(this.server.socketPath())) {
			await().until(() -> this.server.connections().size() == 1);
			CompletableFuture<Void> reload = this.trigger.reload("test");
			assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
				.isThrownBy(() -> reload.get(10, TimeUnit.SECONDS))
				.withRootCauseInstanceOf(IllegalStateException.class);
			this.failure = null;
			this.trigger.reload("again").get(10, TimeUnit.SECONDS);
			// the first event the client sees is the one of the successful reload
			assertThat(client.receive()).isEqualTo("{\"type\":\"ConfigReloaded\",\"data\":null}");
			assertThat(this.causes).containsExactly("test", "again");
		}
	}

	@Test
	void coalescesReloadsAskedForDuringAReloadIntoOneMore() throws Exception {
		this.gate = new CountDownLatch(1);
		CompletableFuture<Void> first = this.trigger.reload("first");
		await().until(() -> this.causes.size() == 1);
		CompletableFuture<Void> second = this.trigger.reload("second");
		CompletableFuture<Void> third = this.trigger.reload("third");
		CompletableFuture<Void> fourth = this.trigger.reload("fourth");
		this.gate.countDown();
		CompletableFuture.allOf(first, second, third, fourth).get(10, TimeUnit.SECONDS);
		assertThat(this.causes).containsExactly("first", "second");
	}

}
