package dev.udsrpc.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the handlers the event loop runs itself ({@link QuickHandlers}).
 */
class QuickHandlersIntegrationTests {

	@TempDir
	Path tempDir;

	private final ThreadHandlers handlers = new ThreadHandlers();

	private UdsRpcServer server;

	private LineClient client;

	@BeforeEach
	void start() {
		start(true);
	}

	private void start(boolean quickHandlersOnEventLoop) {
		Path socket = this.tempDir.resolve("q.sock");
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.registerAnnotated(this.handlers, "threadHandlers");
		this.server = UdsRpcServer.builder(registry)
			.socketPath(socket)
			.quickHandlersOnEventLoop(quickHandlersOnEventLoop)
			.build()
			.start();
		this.client = new LineClient(socket);
	}

	@AfterEach
	void stop() {
		this.handlers.release.countDown();
		this.client.close();
		this.server.close();
	}

	@Test
	void aHandlerRunsOnTheWorkersUntilItsCallsWereQuickThenOnTheEventLoop() {
		List<String> threads = new ArrayList<>();
		String last = callUntilOnTheEventLoop(threads);
		assertThat(last).startsWith("udsrpc-loop-");
		assertThat(threads).hasSizeGreaterThan(QuickHandlers.PROMOTE_AFTER);
		assertThat(threads.subList(0, QuickHandlers.PROMOTE_AFTER))
			.allMatch((name) -> name.startsWith("udsrpc-worker-"));
	}

	@Test
	void aQuickHandlerThatBlocksGoesBackToTheWorkers() throws Exception {
		callUntilOnTheEventLoop(new ArrayList<>());
		// the next call blocks the event loop, once, for longer than a quick handler may
		this.handlers.block = true;
		assertThat(this.client.send("{\"id\":1,\"method\":\"Thread\"}").receive())
			.startsWith("{\"id\":1,\"result\":\"udsrpc-loop-");
		this.handlers.block = false;
		assertThat(this.client.send("{\"id\":2,\"method\":\"Thread\"}").receive())
			.startsWith("{\"id\":2,\"result\":\"udsrpc-worker-");
	}

	@Test
	void aHandlerThatOnceBlockedLongNeverRunsOnTheEventLoopAgain() {
		callUntilOnTheEventLoop(new ArrayList<>());
		// a client that can make the handler block holds the event loop up once
		this.handlers.blockMillis = QuickHandlers.BLOCKING_MILLIS * 2;
		this.handlers.block = true;
		assertThat(this.client.send("{\"id\":1,\"method\":\"Thread\"}").receive())
			.startsWith("{\"id\":1,\"result\":\"udsrpc-loop-");
		this.handlers.block = false;
		for (int i = 0; i < 2 * QuickHandlers.MAX_REQUIRED; i++) {
			assertThat(this.client.send("{\"id\":" + i + ",\"method\":\"Thread\"}").receive())
				.startsWith("{\"id\":" + i + ",\"result\":\"udsrpc-worker-");
		}
	}

	@Test
	void noHandlerRunsOnTheEventLoopWhenTheBuilderSaysSo() {
		stop();
		start(false);
		for (int i = 0; i < 4 * QuickHandlers.PROMOTE_AFTER; i++) {
			assertThat(this.client.send("{\"id\":" + i + ",\"method\":\"Thread\"}").receive())
				.startsWith("{\"id\":" + i + ",\"result\":\"udsrpc-worker-");
		}
	}

	@Test
	void aHandlerReturningAStageNeverRunsOnTheEventLoop() {
		for (int i = 0; i < 4 * QuickHandlers.PROMOTE_AFTER; i++) {
			assertThat(this.client.send("{\"id\":" + i + ",\"method\":\"Later\"}").receive())
				.startsWith("{\"id\":" + i + ",\"result\":\"udsrpc-worker-");
		}
	}

	private String callUntilOnTheEventLoop(List<String> threads) {
		for (int i = 0; i < 100 * QuickHandlers.PROMOTE_AFTER; i++) {
			String response = this.client.send("{\"id\":" + i + ",\"method\":\"Thread\"}").receive();
			String thread = response.replaceAll(".*\"result\":\"([^\"]*)\".*", "$1");
			threads.add(thread);
			if (thread.startsWith("udsrpc-loop-")) {
				return thread;
			}
		}
		throw new AssertionError(
				"Thread never ran on the event loop: " + threads.subList(threads.size() - 5, threads.size()));
	}

	/**
	 * Handlers that tell where they run.
	 */
	public static class ThreadHandlers {

		final CountDownLatch release = new CountDownLatch(1);

		volatile boolean block;

		volatile long blockMillis = QuickHandlers.SLOW_MILLIS * 4;

		@UdsRpcHandler("Thread")
		public String thread() throws InterruptedException {
			if (this.block) {
				// longer than a quick handler may take, whatever the machine
				this.release.await(this.blockMillis, TimeUnit.MILLISECONDS);
			}
			return Thread.currentThread().getName();
		}

		@UdsRpcHandler("Later")
		public CompletionStage<String> later() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

	}

}
