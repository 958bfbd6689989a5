package dev.udsrpc.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

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
	void goesBackToTheBaseThreadsOnceNoneIsBlockedWhileTasksKeepComing() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 2; i++) {
			this.pool.execute(() -> block(release));
		}
		CountDownLatch fast = new CountDownLatch(1);
		this.pool.execute(fast::countDown);
		assertThat(fast.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.pool.getPoolSize()).isEqualTo(3);
		release.countDown();
		// tasks keep waiting in the queue, as they do under a steady load
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong ran = new AtomicLong();
		Thread producer = new Thread(() -> {
			while (!stop.get()) {
				if (this.pool.getQueue().size() < 16) {
					this.pool.execute(ran::incrementAndGet);
				}
				else {
					LockSupport.parkNanos(20_000);
				}
			}
		});
		producer.start();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.pool.getCorePoolSize() == 2 && this.pool.getPoolSize() == 2);
			long before = ran.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() > before + 1000);
		}
		finally {
			stop.set(true);
			producer.join();
		}
	}

	@Test
	void addsAThreadForEachTaskWaitingAtMostDoublingSoThatABurstOfBlockingTasksStartsWithinASecond() throws Exception {
		WorkerPool large = new WorkerPool("test-large", 2, 200);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(150);
		try {
			long start = System.nanoTime();
			for (int i = 0; i < 150; i++) {
				large.execute(() -> {
					started.countDown();
					block(release);
				});
			}
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			// one thread per check (10 ms) would take 1.5 s and more
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertThat(large.getPoolSize()).isLessThanOrEqualTo(200);
		}
		finally {
			release.countDown();
			large.shutdownNow();
		}
	}

	@Test
	void anIdlePoolDoesNotWakeUp() throws Exception {
		WorkerPool idle = new WorkerPool("idle-pool", 2, 10);
		try {
			CountDownLatch ran = new CountDownLatch(1);
			idle.execute(ran::countDown);
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
			// the kernel's name of the monitor thread, cut to 15 characters
			// named by the kernel once the thread runs
			Path status = await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> threadStatus("idle-pool-monit"), Objects::nonNull);
			AtomicLong switches = new AtomicLong(-1);
			// once the checks have stopped, the monitor thread stays asleep
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				long now = voluntarySwitches(status);
				return switches.getAndSet(now) == now;
			});
			long settled = voluntarySwitches(status);
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(2))
				.until(() -> voluntarySwitches(status) == settled);
		}
		finally {
			idle.shutdownNow();
		}
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

	@Test
	void runsATaskOfferedJustAsTheSpinningThreadStops() throws Exception {
		// one task at a time, each offered a little later after the last one ran than
		// the one before: the offers sweep across the moment the idle thread stops
		// spinning, where a task handed to it must still run
		for (int i = 0; i < 20_000; i++) {
			CountDownLatch ran = new CountDownLatch(1);
			this.pool.execute(ran::countDown);
			assertThat(ran.await(5, TimeUnit.SECONDS)).as("task %d ran", i).isTrue();
			long pause = TimeUnit.MICROSECONDS.toNanos(i % 80);
			long end = System.nanoTime() + pause;
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
		}
	}

	@Test
	void runsEveryTaskOnceWhileProducersRaceTheSpinningThread() throws Exception {
		int producers = 4;
		int tasksEach = 20_000;
		AtomicIntegerArray runs = new AtomicIntegerArray(producers * tasksEach);
		CountDownLatch done = new CountDownLatch(producers * tasksEach);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int first = p * tasksEach;
			Thread producer = new Thread(() -> {
				for (int i = first; i < first + tasksEach; i++) {
					int task = i;
					this.pool.execute(() -> {
						runs.incrementAndGet(task);
						done.countDown();
					});
					if (ThreadLocalRandom.current().nextInt(8) == 0) {
						// let the threads run dry now and then
						LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(100_000));
					}
				}
			});
			producer.start();
			threads.add(producer);
		}
		for (Thread producer : threads) {
			producer.join();
		}
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < runs.length(); i++) {
			assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
		}
	}

	@Test
	void returnsTheTasksThatWaitedOnShutdownNow() {
		// a pool that cannot grow, so that the queued task stays queued
		WorkerPool fixed = new WorkerPool("test-fixed", 2, 2);
		CountDownLatch release = new CountDownLatch(1);
		try {
			for (int i = 0; i < 2; i++) {
				fixed.execute(() -> block(release));
			}
			Runnable queued = () -> {
			};
			fixed.execute(queued);
			assertThat(fixed.getQueue()).hasSize(1);
			assertThat(fixed.shutdownNow()).containsExactly(queued);
		}
		finally {
			release.countDown();
			fixed.shutdownNow();
		}
	}

	private static Path threadStatus(String name) throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			return tasks.filter((task) -> read(task.resolve("comm")).strip().equals(name))
				.map((task) -> task.resolve("status"))
				.findFirst()
				.orElseThrow();
		}
	}

	private static long voluntarySwitches(Path status) {
		return read(status).lines()
			.filter((line) -> line.startsWith("voluntary_ctxt_switches:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
