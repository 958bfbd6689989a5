package dev.udsrpc.server;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
		super(baseThreads, Math.max(baseThreads, maxThreads), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
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
