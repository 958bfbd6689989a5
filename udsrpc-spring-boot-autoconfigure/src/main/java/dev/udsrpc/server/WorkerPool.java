package dev.udsrpc.server;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The default executor of handlers: as many threads as cores while handlers make
 * progress, one more each time the queue waits while no handler completes (all threads
 * are blocked in handlers), up to a maximum; the extra threads go again when idle.
 * <p>
 * A pool sized for blocking handlers (hundreds of threads) makes every request wake a
 * parked thread and lets those threads fight over two cores and over Jackson's buffer
 * pool; a pool sized for the cores would let slow handlers starve fast ones. This one
 * grows only when handlers block.
 *
 * @author udsrpc authors
 */
final class WorkerPool extends ThreadPoolExecutor {

	static final long CHECK_MILLIS = 10;

	private static final int SHRINK_AFTER_IDLE_CHECKS = 100;

	private final int baseThreads;

	private final ScheduledExecutorService monitor;

	private long lastCompleted;

	private int idleChecks;

	WorkerPool(String name, int maxThreads) {
		this(name, Math.min(maxThreads, Math.max(2, Runtime.getRuntime().availableProcessors())), maxThreads);
	}

	WorkerPool(String name, int baseThreads, int maxThreads) {
		super(baseThreads, Math.max(baseThreads, maxThreads), 60, TimeUnit.SECONDS, new SpinningQueue(),
				threadFactory(name));
		this.baseThreads = baseThreads;
		this.monitor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, name + "-monitor");
			thread.setDaemon(true);
			return thread;
		});
		this.monitor.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
	}

	private static java.util.concurrent.ThreadFactory threadFactory(String name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	void check() {
		long completed = getCompletedTaskCount();
		int core = getCorePoolSize();
		boolean waiting = !getQueue().isEmpty();
		if (waiting && completed == this.lastCompleted && getActiveCount() >= core && core < getMaximumPoolSize()) {
			// every thread is blocked in a handler while requests wait: add one
			setCorePoolSize(core + 1);
			this.idleChecks = 0;
		}
		else if (!waiting && core > this.baseThreads && getActiveCount() < core) {
			if (++this.idleChecks >= SHRINK_AFTER_IDLE_CHECKS) {
				setCorePoolSize(core - 1);
				this.idleChecks = 0;
			}
		}
		else {
			this.idleChecks = 0;
		}
		this.lastCompleted = completed;
	}

	/**
	 * A queue whose consumer looks for the next task for a few microseconds before it
	 * parks: a request that arrives meanwhile (the next one of a client waiting for each
	 * answer) is taken without the cost of waking a parked thread. One consumer spins at
	 * a time, and it yields the core on every turn; a yield that took long shows that
	 * other threads (the event loop, the clients) wanted the core, and the consumer parks
	 * at once rather than compete with them.
	 */
	static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {

		private static final long serialVersionUID = 1L;

		private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

		private static final long BUSY_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(5);

		private final transient AtomicBoolean spinning = new AtomicBoolean();

		@Override
		public Runnable take() throws InterruptedException {
			Runnable task = spin();
			return (task != null) ? task : super.take();
		}

		@Override
		public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
			Runnable task = spin();
			return (task != null) ? task : super.poll(timeout, unit);
		}

		private @Nullable Runnable spin() {
			Runnable task = poll();
			if (task != null || !this.spinning.compareAndSet(false, true)) {
				return task;
			}
			try {
				long now = System.nanoTime();
				long deadline = now + SPIN_NANOS;
				while ((task = poll()) == null && now < deadline) {
					Thread.yield();
					long after = System.nanoTime();
					if (after - now > BUSY_YIELD_NANOS) {
						// the core was wanted elsewhere
						return poll();
					}
					now = after;
				}
				return task;
			}
			finally {
				this.spinning.set(false);
			}
		}

	}

	/**
	 * Return whether the pool may add threads beyond those it starts with.
	 * @return whether the maximum exceeds the base size
	 */
	boolean canGrow() {
		return getMaximumPoolSize() > this.baseThreads;
	}

	@Override
	public void shutdown() {
		this.monitor.shutdownNow();
		super.shutdown();
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.monitor.shutdownNow();
		return super.shutdownNow();
	}

}
