package dev.udsrpc.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WorkerPool}. Growth is driven by calling {@link WorkerPool#check()},
 * on a pool without a monitor thread, so that no test depends on the machine's speed.
 */
class WorkerPoolTests {

	private final List<WorkerPool> pools = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void shutdown() {
		this.release.countDown();
		this.pools.forEach(WorkerPool::shutdownNow);
	}

	@Test
	void keepsTheBaseThreadsWhileTasksComplete() throws Exception {
		WorkerPool pool = pool(2, 10, true);
		CountDownLatch done = new CountDownLatch(10_000);
		for (int i = 0; i < 10_000; i++) {
			pool.execute(done::countDown);
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.threads()).isEqualTo(2);
	}

	@Test
	void addsAThreadWhenTasksWaitWhileNoWorkerTookOneSinceTheLastCheck() throws Exception {
		WorkerPool pool = pool(2, 10, false);
		keepEveryWorkerBusy(pool, 2, this.release);
		CountDownLatch fast = new CountDownLatch(1);
		pool.execute(fast::countDown);
		assertThat(pool.check()).as("tasks wait: check again").isTrue();
		assertThat(pool.threads()).as("the first check only records").isEqualTo(2);
		pool.check();
		assertThat(pool.threads()).isEqualTo(3);
		assertThat(fast.await(10, TimeUnit.SECONDS)).as("the queued task runs on the new thread").isTrue();
	}

	@Test
	void addsNoThreadForTasksAddedSinceTheLastCheck() throws Exception {
		WorkerPool pool = pool(2, 10, false);
		keepEveryWorkerBusy(pool, 2, this.release);
		pool.check();
		pool.execute(() -> {
		});
		pool.check();
		assertThat(pool.threads()).isEqualTo(2);
		pool.check();
		assertThat(pool.threads()).as("now it waited a whole check").isEqualTo(3);
	}

	@Test
	void addsAThreadWhileATaskQueuedBeforeTheLastCheckStillWaitsThoughWorkersTookOthers() throws Exception {
		// handlers that block a little each time keep the workers taking tasks, while the
		// tasks behind them wait
		WorkerPool pool = pool(2, 10, false);
		CountDownLatch releaseOne = new CountDownLatch(1);
		keepEveryWorkerBusy(pool, 1, releaseOne);
		keepEveryWorkerBusy(pool, 1, this.release);
		CountDownLatch next = new CountDownLatch(1);
		pool.execute(() -> {
			next.countDown();
			busy(this.release);
		});
		CountDownLatch last = new CountDownLatch(1);
		pool.execute(last::countDown);
		pool.check();
		releaseOne.countDown();
		assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
		pool.check();
		assertThat(pool.threads()).isEqualTo(3);
		assertThat(last.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void addsAThreadForEachTaskWaitingAtMostDoublingPerCheck() {
		WorkerPool pool = pool(2, 200, false);
		for (int i = 0; i < 150; i++) {
			pool.execute(() -> block(this.release));
		}
		awaitBlocked(2);
		pool.check();
		assertThat(pool.threads()).isEqualTo(4);
		awaitBlocked(4);
		pool.check();
		assertThat(pool.threads()).isEqualTo(8);
	}

	@Test
	void addsAThreadForEachWorkerWaitingInItsTaskAtTheFirstCheck() throws Exception {
		// handlers that sleep or wait for a lock a little each time, shorter than a check
		WorkerPool pool = pool(2, 10, false);
		blockEveryWorker(pool, 2);
		for (int i = 0; i < 5; i++) {
			pool.execute(() -> block(this.release));
		}
		awaitBlocked(2);
		pool.check();
		assertThat(pool.threads()).isEqualTo(4);
	}

	@Test
	void addsNoThreadAtTheFirstCheckForWorkersBusyInTheirTasks() throws Exception {
		// a CPU-bound load: more threads would only share the same cores
		WorkerPool pool = pool(2, 10, false);
		keepEveryWorkerBusy(pool, 2, this.release);
		pool.execute(() -> {
		});
		pool.check();
		assertThat(pool.threads()).isEqualTo(2);
	}

	@Test
	void neverGrowsBeyondTheMaximum() {
		WorkerPool pool = pool(2, 10, false);
		for (int i = 0; i < 20; i++) {
			pool.execute(() -> block(this.release));
		}
		for (int i = 0; i < 10; i++) {
			pool.check();
			await().atMost(Duration.ofSeconds(10)).until(() -> pool.waiting() == 20 - pool.threads());
		}
		assertThat(pool.threads()).isEqualTo(10);
	}

	@Test
	void goesBackToTheBaseThreadsOnceTheAddedOnesAreNotNeeded() throws Exception {
		WorkerPool pool = pool(2, 10, false);
		CountDownLatch releaseBlocked = new CountDownLatch(1);
		blockEveryWorker(pool, 2, releaseBlocked);
		CountDownLatch fast = new CountDownLatch(1);
		pool.execute(fast::countDown);
		pool.check();
		pool.check();
		assertThat(fast.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.threads()).isEqualTo(3);
		releaseBlocked.countDown();
		// the added thread ends once it found no task for its keep-alive time
		await().atMost(Duration.ofSeconds(10)).until(() -> pool.threads() == 2);
	}

	@Test
	void addsThreadsByItselfWhenEveryWorkerIsBlocked() throws Exception {
		WorkerPool pool = pool(2, 10, true);
		blockEveryWorker(pool, 2);
		CountDownLatch fast = new CountDownLatch(1);
		pool.execute(fast::countDown);
		assertThat(fast.await(10, TimeUnit.SECONDS)).as("a queued task runs although both threads block").isTrue();
		assertThat(pool.threads()).isEqualTo(3);
	}

	@Test
	void anIdlePoolParksEveryThreadWithoutATimeout() throws Exception {
		WorkerPool pool = new WorkerPool("idle-pool", 2, 10);
		this.pools.add(pool);
		CountDownLatch releaseBlocked = new CountDownLatch(1);
		blockEveryWorker(pool, 2, releaseBlocked);
		CountDownLatch fast = new CountDownLatch(1);
		pool.execute(fast::countDown);
		assertThat(fast.await(10, TimeUnit.SECONDS)).as("the monitor added a thread").isTrue();
		releaseBlocked.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> !pool.isMonitoring() && pool.threads() == 2);
		// parked without a timeout (WAITING, not TIMED_WAITING): nothing wakes them up
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			List<Thread> threads = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getName().startsWith("idle-pool-"))
				.toList();
			return threads.size() == 3
					&& threads.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING);
		});
	}

	@Test
	void runsATaskOfferedJustAsTheSpinningThreadStops() throws Exception {
		WorkerPool pool = pool(2, 10, true);
		// one task at a time, each offered a little later after the last one ran than
		// the one before: the offers sweep across the moment the idle thread stops
		// spinning and parks, where a task must still wake it
		for (int i = 0; i < 20_000; i++) {
			CountDownLatch ran = new CountDownLatch(1);
			pool.execute(ran::countDown);
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
		WorkerPool pool = pool(2, 10, true);
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
					pool.execute(() -> {
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
	void returnsTheTasksThatWaitedOnShutdownNowAndRefusesNewOnes() throws Exception {
		WorkerPool pool = pool(2, 2, false);
		blockEveryWorker(pool, 2);
		Runnable queued = () -> {
		};
		pool.execute(queued);
		assertThat(pool.waiting()).isEqualTo(1);
		assertThat(pool.shutdownNow()).containsExactly(queued);
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.execute(queued));
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void runsTheTasksQueuedBeforeShutdown() throws Exception {
		WorkerPool pool = pool(1, 1, false);
		CountDownLatch releaseBlocked = new CountDownLatch(1);
		blockEveryWorker(pool, 1, releaseBlocked);
		CountDownLatch ran = new CountDownLatch(1);
		pool.execute(ran::countDown);
		pool.shutdown();
		releaseBlocked.countDown();
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.isTerminated()).isTrue();
	}

	private WorkerPool pool(int base, int max, boolean monitored) {
		WorkerPool pool = new WorkerPool("test-worker", base, max, monitored);
		this.pools.add(pool);
		return pool;
	}

	/**
	 * Wait until as many of the pool's threads wait in {@link #block} (with a timeout,
	 * where an idle worker parks without one): a check sees them waiting in their tasks.
	 */
	private static void awaitBlocked(int threads) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getName().startsWith("test-worker-"))
				.filter((thread) -> thread.getState() == Thread.State.TIMED_WAITING)
				.count() == threads);
	}

	private void blockEveryWorker(WorkerPool pool, int workers) throws InterruptedException {
		blockEveryWorker(pool, workers, this.release);
	}

	private static void blockEveryWorker(WorkerPool pool, int workers, CountDownLatch release)
			throws InterruptedException {
		occupyWorkers(pool, workers, () -> block(release));
	}

	/**
	 * Keep workers running (not parked) until released, as handlers busy on a core or in
	 * I/O are.
	 */
	private static void keepEveryWorkerBusy(WorkerPool pool, int workers, CountDownLatch release)
			throws InterruptedException {
		occupyWorkers(pool, workers, () -> busy(release));
	}

	private static void occupyWorkers(WorkerPool pool, int workers, Runnable task) throws InterruptedException {
		CountDownLatch started = new CountDownLatch(workers);
		for (int i = 0; i < workers; i++) {
			pool.execute(() -> {
				started.countDown();
				task.run();
			});
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private static void busy(CountDownLatch latch) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (latch.getCount() > 0 && System.nanoTime() < deadline) {
			Thread.yield();
		}
	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
