package dev.udsrpc.server;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The default executor of handlers: as many threads as cores while they keep up, more
 * when tasks wait at a check (every {@value #CHECK_MILLIS} ms while tasks wait) and
 * workers wait in their handlers (a sleep, a lock, a future: a thread for each of them),
 * or a task queued before the last check still waits (every thread busy, most likely
 * blocked in I/O) — at most as many as run already, up to a maximum. An added thread that
 * finds no task for {@value #KEEP_ALIVE_MILLIS} ms ends, down to the base size.
 * <p>
 * The pool owns its threads and a lock-free queue; no thread wakes up unless a task needs
 * it. An idle worker looks for the next task for up to {@value #SPIN_MICROS} µs before it
 * parks, yielding the core on every turn and parking at once when a yield shows that
 * another thread wanted the core: a request that arrives meanwhile is taken without the
 * cost of waking a parked thread. A task is given to a parked worker only when more tasks
 * wait than workers look for one. The monitor that adds threads runs only while tasks
 * wait and no worker is idle; otherwise it parks without a timeout, as do the base
 * threads, so an idle pool never wakes up once the added threads ended.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class WorkerPool extends AbstractExecutorService {

	static final long CHECK_MILLIS = 10;

	static final long SPIN_MICROS = PoolQueue.SPIN_MICROS;

	static final long KEEP_ALIVE_MILLIS = 1000;

	private static final long KEEP_ALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MILLIS);

	private final String name;

	private final int baseThreads;

	private final int maxThreads;

	private final PoolQueue tasks = new PoolQueue();

	// parked workers, the one that parked last first (its cache is the warmest)
	private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger threads = new AtomicInteger();

	private final AtomicInteger threadNumbers = new AtomicInteger();

	// threads added that have not looked for a task yet
	private final AtomicInteger starting = new AtomicInteger();

	private final PoolMonitor monitor;

	// the tasks added at the last check, -1 after one that found none waiting or added
	// threads; used by the monitor only
	private long lastAdded = -1;

	private final PoolThreads<Worker> workers = new PoolThreads<>();

	private volatile boolean shutdown;

	WorkerPool(String name, int maxThreads) {
		this(name, Math.min(maxThreads, Math.max(2, Runtime.getRuntime().availableProcessors())), maxThreads);
	}

	WorkerPool(String name, int baseThreads, int maxThreads) {
		this(name, baseThreads, maxThreads, true);
	}

	/**
	 * Create a pool.
	 * @param name the prefix of its thread names
	 * @param baseThreads the threads it keeps
	 * @param maxThreads the most threads it runs
	 * @param monitored whether a monitor thread checks for blocked workers (tests call
	 * {@link #check()} themselves)
	 */
	WorkerPool(String name, int baseThreads, int maxThreads, boolean monitored) {
		this.name = name;
		this.baseThreads = baseThreads;
		this.maxThreads = Math.max(baseThreads, maxThreads);
		this.monitor = new PoolMonitor(name + "-monitor", CHECK_MILLIS, this::check,
				monitored && this.maxThreads > baseThreads);
		for (int i = 0; i < baseThreads; i++) {
			addThread();
		}
	}

	@Override
	public void execute(Runnable task) {
		if (this.shutdown) {
			throw new RejectedExecutionException("The udsrpc worker pool is shut down");
		}
		// a spinning worker takes the task: wake a parked one only for the tasks beyond
		if (this.tasks.add(task)) {
			wakeOne();
		}
	}

	private void wakeOne() {
		Worker worker = this.idle.pollFirst();
		if (worker != null) {
			worker.wake();
		}
		else if (this.threads.get() < this.maxThreads) {
			// every worker is busy: the monitor adds one if none takes a task meanwhile
			this.monitor.arm();
		}
	}

	/**
	 * Add threads when a task added before the last check still waits. Called by the
	 * monitor every {@value #CHECK_MILLIS} ms while it is armed.
	 * @return whether the monitor should check again
	 */
	boolean check() {
		int waitingTasks = this.tasks.waiting();
		if (waitingTasks == 0) {
			this.lastAdded = -1;
			return false;
		}
		long addedBefore = this.lastAdded;
		this.lastAdded = this.tasks.added();
		// a thread still starting takes a task as soon as it runs
		if (!this.idle.isEmpty() || this.starting.get() != 0) {
			return true;
		}
		int parked = this.workers.waitingInTasks((worker) -> worker.inTask);
		if (parked > 0) {
			// those workers wait in handlers (a sleep, a lock, a future): a thread for
			// each
			// of them, at once
			grow(Math.min(waitingTasks, parked));
			this.lastAdded = -1;
		}
		else if (addedBefore >= 0 && this.tasks.taken() < addedBefore) {
			// tasks are taken in order, so a task added before the last check and not
			// taken yet has waited a whole check: the workers block where a thread state
			// does not show it (I/O) or the cores are busy
			grow(waitingTasks);
			// the new threads get a whole check to take tasks
			this.lastAdded = -1;
		}
		return true;
	}

	private void grow(int waitingTasks) {
		int current = this.threads.get();
		int added = Math.min(this.maxThreads - current, Math.min(waitingTasks, current));
		for (int i = 0; i < added && !this.shutdown; i++) {
			addThread();
		}
	}

	private synchronized void addThread() {
		Worker worker = new Worker(this.name + "-" + this.threadNumbers.incrementAndGet());
		this.threads.incrementAndGet();
		this.starting.incrementAndGet();
		this.workers.add(worker);
		worker.start();
	}

	/**
	 * Return the next task, or {@code null} if the calling worker should end.
	 */
	private Runnable take(Worker worker) {
		while (true) {
			Runnable task = this.tasks.poll();
			if (task == null) {
				task = this.tasks.spin(this::isShutdown);
			}
			if (task != null) {
				return task;
			}
			if (this.shutdown) {
				return null;
			}
			worker.prepareToPark();
			this.idle.addFirst(worker);
			// a task added before the worker was seen idle may have woken nobody
			if (!this.tasks.isEmpty() && this.idle.remove(worker)) {
				continue;
			}
			if (this.shutdown && this.idle.remove(worker)) {
				return null;
			}
			boolean added = this.threads.get() > this.baseThreads;
			// an added thread that no task woke ends, unless a wake-up is under way
			if (!worker.park(added) && this.idle.remove(worker) && retire()) {
				worker.retired = true;
				return null;
			}
		}
	}

	private boolean retire() {
		int current;
		do {
			current = this.threads.get();
			if (current <= this.baseThreads) {
				return false;
			}
		}
		while (!this.threads.compareAndSet(current, current - 1));
		return true;
	}

	/**
	 * Return whether the pool may add threads beyond those it starts with.
	 * @return whether the maximum exceeds the base size
	 */
	boolean canGrow() {
		return this.maxThreads > this.baseThreads;
	}

	/**
	 * Return the number of threads.
	 * @return the threads running or idle
	 */
	int threads() {
		return this.threads.get();
	}

	/**
	 * Return the number of tasks waiting for a worker.
	 * @return the number of tasks
	 */
	int waiting() {
		return this.tasks.waiting();
	}

	/**
	 * Return whether the monitor waits for the next check, rather than parked until a
	 * task finds every worker busy.
	 * @return whether it is armed
	 */
	boolean isMonitoring() {
		return this.monitor.isArmed();
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
		this.monitor.stop();
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			worker.wake();
		}
	}

	@Override
	public List<Runnable> shutdownNow() {
		shutdown();
		List<Runnable> left = this.tasks.drain();
		this.workers.interruptAll();
		return left;
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return this.shutdown && this.workers.live() == 0;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.workers.awaitEnd(timeout, unit) && this.shutdown;
	}

	/**
	 * A thread of the pool.
	 */
	private final class Worker extends Thread {

		private volatile boolean woken;

		// running a task, rather than looking for one or parked in the pool
		private volatile boolean inTask;

		// ended after its keep-alive: already taken off the count
		private boolean retired;

		Worker(String name) {
			super(name);
			setDaemon(true);
		}

		void prepareToPark() {
			this.woken = false;
		}

		void wake() {
			this.woken = true;
			LockSupport.unpark(this);
		}

		/**
		 * Park until woken.
		 * @param keepAlive whether to give up after the keep-alive time
		 * @return {@code false} if it gave up
		 */
		boolean park(boolean keepAlive) {
			long deadline = System.nanoTime() + KEEP_ALIVE_NANOS;
			while (!this.woken && !WorkerPool.this.shutdown) {
				if (!keepAlive) {
					LockSupport.park(WorkerPool.this);
				}
				else {
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						return false;
					}
					LockSupport.parkNanos(WorkerPool.this, remaining);
				}
				if (Thread.interrupted() && WorkerPool.this.shutdown) {
					return true;
				}
			}
			return true;
		}

		@Override
		public void run() {
			WorkerPool.this.starting.decrementAndGet();
			try {
				Runnable task;
				while ((task = take(this)) != null) {
					this.inTask = true;
					try {
						task.run();
					}
					catch (Throwable ex) {
						// the dispatcher contains the failures of handlers: this is a
						// bug, and the thread goes on with the next task
						Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(this, ex);
					}
					finally {
						this.inTask = false;
					}
					// a shutdownNow() interrupt is for the task it ran
					Thread.interrupted();
				}
			}
			finally {
				WorkerPool.this.workers.remove(this);
				if (!this.retired) {
					WorkerPool.this.threads.decrementAndGet();
				}
			}
		}

	}

}
