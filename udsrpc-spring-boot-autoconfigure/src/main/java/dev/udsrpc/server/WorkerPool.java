package dev.udsrpc.server;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
	 * <p>
	 * A task offered while a consumer spins and no other task waits goes to that consumer
	 * alone: the queue would otherwise also wake a parked consumer, which would find the
	 * task taken and park again, two system calls and a context switch for nothing. A
	 * task offered while another waits goes to the queue proper, which wakes a parked
	 * consumer for it. The spinning consumer takes what it was handed when it stops
	 * spinning, or the producer, finding it stopped, puts the task in the queue proper.
	 */
	static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {

		private static final long serialVersionUID = 1L;

		private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

		private static final long BUSY_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(5);

		private final transient AtomicBoolean spinning = new AtomicBoolean();

		/**
		 * Tasks handed to the spinning consumer.
		 */
		private final transient ConcurrentLinkedQueue<Runnable> handed = new ConcurrentLinkedQueue<>();

		@Override
		public boolean offer(Runnable task) {
			if (this.spinning.get() && size() == 0) {
				this.handed.add(task);
				// the consumer checks the hand-over once it stops spinning; if it stopped
				// before the task arrived, take the task back
				if (this.spinning.get() || !this.handed.remove(task)) {
					return true;
				}
			}
			return super.offer(task);
		}

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
				while ((task = next()) == null && now < deadline) {
					Thread.yield();
					long after = System.nanoTime();
					if (after - now > BUSY_YIELD_NANOS) {
						// the core was wanted elsewhere
						break;
					}
					now = after;
				}
			}
			finally {
				this.spinning.set(false);
			}
			// tasks offered while this consumer spun but did not take: it keeps the first
			// if it has none, and the queue proper (which wakes a parked consumer) gets
			// the others
			Runnable late;
			while ((late = this.handed.poll()) != null) {
				if (task == null) {
					task = late;
				}
				else {
					super.offer(late);
				}
			}
			return (task != null) ? task : poll();
		}

		private @Nullable Runnable next() {
			Runnable task = this.handed.poll();
			return (task != null) ? task : poll();
		}

		/**
		 * Return the tasks waiting, handed ones included; {@code isEmpty()} follows it.
		 * @return the number of tasks
		 */
		@Override
		public int size() {
			return super.size() + this.handed.size();
		}

		@Override
		public boolean remove(Object task) {
			return this.handed.remove(task) || super.remove(task);
		}

		@Override
		public int drainTo(Collection<? super Runnable> collection) {
			return drainTo(collection, Integer.MAX_VALUE);
		}

		@Override
		public int drainTo(Collection<? super Runnable> collection, int maxElements) {
			int drained = 0;
			Runnable task;
			while (drained < maxElements && (task = this.handed.poll()) != null) {
				collection.add(task);
				drained++;
			}
			return drained + super.drainTo(collection, maxElements - drained);
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
