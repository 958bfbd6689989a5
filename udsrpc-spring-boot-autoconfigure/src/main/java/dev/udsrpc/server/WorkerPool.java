package dev.udsrpc.server;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The default executor of handlers: as many threads as cores while handlers make
 * progress, more each time tasks wait while every thread has been in the same task since
 * the last check (all are blocked in handlers) — one for each task waiting, at most as
 * many as run already — up to a maximum; the extra threads go again once fewer are
 * blocked.
 * <p>
 * A pool sized for blocking handlers (hundreds of threads) makes every request wake a
 * parked thread and lets those threads fight over two cores and over Jackson's buffer
 * pool; a pool sized for the cores would let slow handlers starve fast ones. This one
 * grows only when handlers block, and shrinks back while requests keep coming: a thread
 * added while the cores were busy compiling or collecting garbage would otherwise stay
 * for as long as the load lasts. When no task runs or waits, the extra threads go at
 * once, and the checks stop until the next task: an idle pool never wakes up.
 *
 * @author udsrpc authors
 */
final class WorkerPool extends ThreadPoolExecutor {

	static final long CHECK_MILLIS = 10;

	private static final int SHRINK_AFTER_CHECKS = 100;

	private final int baseThreads;

	private final Set<Worker> workers;

	private final ScheduledExecutorService monitor;

	// whether a check is scheduled: only while tasks run or wait, or extra threads are
	// left, so that an idle pool never wakes up
	private final AtomicBoolean monitoring = new AtomicBoolean();

	private int shrinkChecks;

	WorkerPool(String name, int maxThreads) {
		this(name, Math.min(maxThreads, Math.max(2, Runtime.getRuntime().availableProcessors())), maxThreads);
	}

	WorkerPool(String name, int baseThreads, int maxThreads) {
		this(name, baseThreads, maxThreads, ConcurrentHashMap.newKeySet());
	}

	private WorkerPool(String name, int baseThreads, int maxThreads, Set<Worker> workers) {
		// a thread beyond the core size ends as soon as it finds no task
		super(baseThreads, Math.max(baseThreads, maxThreads), 0, TimeUnit.NANOSECONDS, new SpinningQueue(),
				new Worker.Factory(name, workers));
		this.workers = workers;
		this.baseThreads = baseThreads;
		this.monitor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, name + "-monitor");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public void execute(Runnable task) {
		super.execute(task);
		if (!this.monitoring.get()) {
			startMonitoring();
		}
	}

	private void startMonitoring() {
		if (this.monitoring.compareAndSet(false, true)) {
			scheduleCheck();
		}
	}

	private void scheduleCheck() {
		try {
			this.monitor.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shut down
		}
	}

	@Override
	protected void beforeExecute(Thread thread, Runnable task) {
		if (thread instanceof Worker worker) {
			worker.taskBoundary();
		}
	}

	@Override
	protected void afterExecute(Runnable task, @Nullable Throwable failure) {
		if (Thread.currentThread() instanceof Worker worker) {
			worker.taskBoundary();
		}
	}

	void check() {
		try {
			checkOnce();
		}
		catch (Throwable ex) {
			// checks go on whatever happened to this one
		}
		if (!isIdle()) {
			scheduleCheck();
			return;
		}
		this.monitoring.set(false);
		// a task that came meanwhile may have seen the monitoring still on
		if (!isIdle()) {
			startMonitoring();
		}
	}

	private boolean isIdle() {
		return getQueue().isEmpty() && getCorePoolSize() <= this.baseThreads && noneInTask();
	}

	private void checkOnce() {
		int blocked = 0;
		for (Worker worker : this.workers) {
			if (worker.inSameTaskSinceLastCheck()) {
				blocked++;
			}
		}
		int core = getCorePoolSize();
		int waiting = getQueue().size();
		if (blocked >= core && waiting > 0 && core < getMaximumPoolSize()) {
			// every thread is blocked in a handler while requests wait: add a thread for
			// each, at most doubling, so that a burst of blocking requests (a batch) does
			// not keep others waiting for one thread per check
			setCorePoolSize(Math.min(getMaximumPoolSize(), core + Math.min(waiting, core)));
			this.shrinkChecks = 0;
		}
		else if (waiting == 0 && core > this.baseThreads && noneInTask()) {
			// nothing to do: back to the base size at once, and no more checks
			setCorePoolSize(this.baseThreads);
			this.shrinkChecks = 0;
		}
		else if (core > this.baseThreads + blocked) {
			// more threads than the blocked ones leave to the base size: one goes after a
			// while, at the first moment it finds no task
			if (++this.shrinkChecks >= SHRINK_AFTER_CHECKS) {
				setCorePoolSize(core - 1);
				this.shrinkChecks = 0;
			}
		}
		else {
			this.shrinkChecks = 0;
		}
	}

	private boolean noneInTask() {
		for (Worker worker : this.workers) {
			if (worker.isInTask()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A thread of the pool, which counts the starts and ends of its tasks so that the
	 * monitor can tell a thread blocked in one task from one that goes from task to task.
	 */
	private static final class Worker extends Thread {

		/**
		 * Odd while a task runs; written by this thread only.
		 */
		private final AtomicLong boundaries = new AtomicLong();

		/**
		 * The boundaries seen by the last check; used by the monitor only.
		 */
		private long checked = -1;

		private final Set<Worker> workers;

		private Worker(Runnable task, String name, Set<Worker> workers) {
			super(task, name);
			this.workers = workers;
			setDaemon(true);
		}

		@Override
		public void run() {
			this.workers.add(this);
			try {
				super.run();
			}
			finally {
				this.workers.remove(this);
			}
		}

		void taskBoundary() {
			this.boundaries.lazySet(this.boundaries.get() + 1);
		}

		boolean isInTask() {
			return (this.boundaries.get() & 1) == 1;
		}

		boolean inSameTaskSinceLastCheck() {
			long boundaries = this.boundaries.get();
			boolean same = (boundaries & 1) == 1 && boundaries == this.checked;
			this.checked = boundaries;
			return same;
		}

		private static final class Factory implements ThreadFactory {

			private final String name;

			private final Set<Worker> workers;

			private final AtomicInteger count = new AtomicInteger();

			Factory(String name, Set<Worker> workers) {
				this.name = name;
				this.workers = workers;
			}

			@Override
			public Thread newThread(Runnable task) {
				return new Worker(task, this.name + "-" + this.count.incrementAndGet(), this.workers);
			}

		}

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
