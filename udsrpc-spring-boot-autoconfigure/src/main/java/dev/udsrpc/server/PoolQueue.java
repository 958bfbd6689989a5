package dev.udsrpc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The tasks of a {@link WorkerPool}: a lock-free queue that counts the tasks waiting, the
 * workers looking for one without parking, and the tasks added and taken so far, from
 * which the pool tells whether a task has waited a whole check.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class PoolQueue {

	static final long SPIN_MICROS = 50;

	private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS);

	private static final long BUSY_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(5);

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	// tasks in the queue; read by producers to decide whether to wake a worker
	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger spinning = new AtomicInteger();

	private final AtomicLong added = new AtomicLong();

	private final AtomicLong taken = new AtomicLong();

	/**
	 * Add a task.
	 * @param task the task
	 * @return whether more tasks wait than workers look for one, so that a parked worker
	 * should be woken
	 */
	boolean add(Runnable task) {
		this.tasks.add(task);
		this.added.incrementAndGet();
		return this.waiting.incrementAndGet() > this.spinning.get();
	}

	/**
	 * Take the next task, if any.
	 * @return the task, or {@code null}
	 */
	Runnable poll() {
		Runnable task = this.tasks.poll();
		if (task != null) {
			this.waiting.decrementAndGet();
			this.taken.incrementAndGet();
		}
		return task;
	}

	/**
	 * Look for a task for up to {@value #SPIN_MICROS} µs, yielding the core on every turn
	 * and giving up at once when a yield shows that another thread wanted it.
	 * @param shutdown whether the pool shut down meanwhile
	 * @return the task, or {@code null}
	 */
	Runnable spin(BooleanSupplier shutdown) {
		this.spinning.incrementAndGet();
		try {
			long now = System.nanoTime();
			long deadline = now + SPIN_NANOS;
			Runnable task;
			while ((task = poll()) == null && now < deadline && !shutdown.getAsBoolean()) {
				Thread.yield();
				long after = System.nanoTime();
				if (after - now > BUSY_YIELD_NANOS) {
					// the core was wanted elsewhere
					break;
				}
				now = after;
			}
			return task;
		}
		finally {
			this.spinning.decrementAndGet();
		}
	}

	/**
	 * Take every task left.
	 * @return the tasks, in order
	 */
	List<Runnable> drain() {
		List<Runnable> left = new ArrayList<>();
		Runnable task;
		while ((task = poll()) != null) {
			left.add(task);
		}
		return left;
	}

	boolean isEmpty() {
		return this.tasks.isEmpty();
	}

	int waiting() {
		return this.waiting.get();
	}

	long added() {
		return this.added.get();
	}

	long taken() {
		return this.taken.get();
	}

}
