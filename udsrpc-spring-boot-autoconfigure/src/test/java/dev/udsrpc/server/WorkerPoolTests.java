package dev.udsrpc.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WorkerPool}.
 */
class WorkerPoolTests {

	private final WorkerPool pool = new WorkerPool("test-worker", 2, 10);

	@AfterEach
	void shutdown() {
		this.pool.shutdownNow();
	}

	@Test
	void keepsTheBaseThreadsWhileTasksComplete() throws Exception {
		CountDownLatch done = new CountDownLatch(10_000);
		for (int i = 0; i < 10_000; i++) {
			this.pool.execute(done::countDown);
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.pool.getCorePoolSize()).isEqualTo(2);
		assertThat(this.pool.getLargestPoolSize()).isLessThanOrEqualTo(2);
	}

	@Test
	void addsThreadsWhenEveryThreadIsBlockedSoQueuedTasksStillRun() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 2; i++) {
			this.pool.execute(() -> block(release));
		}
		CountDownLatch fast = new CountDownLatch(1);
		this.pool.execute(fast::countDown);
		assertThat(fast.await(10, TimeUnit.SECONDS)).as("a queued task runs although both threads block").isTrue();
		assertThat(this.pool.getCorePoolSize()).isEqualTo(3);
		release.countDown();
	}

	@Test
	void neverGrowsBeyondTheMaximum() {
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 20; i++) {
			this.pool.execute(() -> block(release));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.getCorePoolSize() == 10);
		assertThat(this.pool.getPoolSize()).isEqualTo(10);
		release.countDown();
	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
