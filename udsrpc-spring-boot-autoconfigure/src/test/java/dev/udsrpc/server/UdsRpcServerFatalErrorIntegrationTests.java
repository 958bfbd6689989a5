package dev.udsrpc.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for errors the server does not expect: they close the connection they
 * happened for, and an {@link OutOfMemoryError} that cannot be contained ends the process
 * with a non-zero status.
 */
class UdsRpcServerFatalErrorIntegrationTests {

	private static final String PING = "{\"id\":1,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":1,\"result\":{\"pong\":true}}";

	@TempDir
	Path tempDir;

	private final List<LineClient> clients = new ArrayList<>();

	private final List<Integer> exits = new CopyOnWriteArrayList<>();

	private final ExecutorService workers = Executors.newCachedThreadPool();

	private UdsRpcServer server;

	private Path socket;

	@AfterEach
	void stopServer() {
		this.clients.forEach(LineClient::close);
		if (this.server != null) {
			this.server.close();
		}
		this.workers.shutdownNow();
	}

	@Test
	void anErrorOnTheEventLoopClosesOnlyTheConnectionItHappenedFor() {
		AtomicBoolean poisoned = new AtomicBoolean();
		start((builder) -> builder.executor(new DelegatingExecutor(this.workers) {

			@Override
			public void execute(Runnable task) {
				if (poisoned.getAndSet(false)) {
					throw new AssertionError("executor failure");
				}
				super.execute(task);
			}

		}));
		LineClient victim = connect();
		LineClient other = connect();
		assertThat(other.send(PING).receive()).isEqualTo(PONG);
		poisoned.set(true);
		victim.send(PING);
		assertThat(victim.awaitsEof()).isTrue();
		assertThat(other.send(PING).receive()).isEqualTo(PONG);
		assertThat(connect().send(PING).receive()).isEqualTo(PONG);
		assertThat(this.exits).isEmpty();
	}

	@Test
	void aHandlerThatThrowsAnErrorHasItsConnectionClosedAndOthersAreServed() {
		start((builder) -> {
		});
		LineClient victim = connect();
		LineClient other = connect();
		victim.send("{\"id\":2,\"method\":\"Overflow\"}");
		assertThat(victim.awaitsEof()).isTrue();
		assertThat(other.send(PING).receive()).isEqualTo(PONG);
		assertThat(this.exits).isEmpty();
	}

	@Test
	void outOfMemoryErrorsThatKeepComingEndTheProcessWithStatus70() {
		start((builder) -> {
		});
		for (int i = 0; i < 3; i++) {
			LineClient victim = connect();
			victim.send("{\"id\":2,\"method\":\"Exhaust\"}");
			assertThat(victim.awaitsEof()).isTrue();
		}
		assertThat(this.exits).isEmpty();
		assertThat(connect().send(PING).receive()).isEqualTo(PONG);
		connect().send("{\"id\":2,\"method\":\"Exhaust\"}");
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.exits.isEmpty());
		assertThat(this.exits).containsExactly(70);
	}

	@Test
	void anOutOfMemoryErrorOnTheEventLoopOutsideAnyConnectionEndsTheProcessWithStatus70() {
		start((builder) -> {
		});
		this.server.lifecycle.runtime().onEventLoop(() -> {
			throw new OutOfMemoryError("test");
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.exits.isEmpty());
		assertThat(this.exits).containsExactly(70);
	}

	private void start(Consumer<UdsRpcServer.Builder> customizer) {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.registerAnnotated(new TestHandlers(), "testHandlers");
		registry.registerAnnotated(new FailingHandlers(), "failingHandlers");
		UdsRpcServer.Builder builder = UdsRpcServer.builder(registry).socketPath(this.socket);
		builder.settings.fatalErrorExit = this.exits::add;
		customizer.accept(builder);
		this.server = builder.build().start();
	}

	private LineClient connect() {
		LineClient client = new LineClient(this.socket);
		this.clients.add(client);
		return client;
	}

	/**
	 * Handlers that throw errors.
	 */
	public static class FailingHandlers {

		@UdsRpcHandler("Overflow")
		public String overflow() {
			throw new StackOverflowError();
		}

		@UdsRpcHandler("Exhaust")
		public String exhaust() {
			throw new OutOfMemoryError("test");
		}

	}

	/**
	 * An executor service that hands every task to another one.
	 */
	private static class DelegatingExecutor extends AbstractExecutorService {

		private final ExecutorService delegate;

		DelegatingExecutor(ExecutorService delegate) {
			this.delegate = delegate;
		}

		@Override
		public void execute(Runnable task) {
			this.delegate.execute(task);
		}

		@Override
		public void shutdown() {
			this.delegate.shutdown();
		}

		@Override
		public List<Runnable> shutdownNow() {
			return this.delegate.shutdownNow();
		}

		@Override
		public boolean isShutdown() {
			return this.delegate.isShutdown();
		}

		@Override
		public boolean isTerminated() {
			return this.delegate.isTerminated();
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
			return this.delegate.awaitTermination(timeout, unit);
		}

	}

}
