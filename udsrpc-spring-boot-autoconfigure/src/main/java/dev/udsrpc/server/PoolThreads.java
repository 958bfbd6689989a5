package dev.udsrpc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The threads of a {@link WorkerPool}, for what needs all of them: counting those that
 * wait inside a task, interrupting them, and waiting for them to end.
 *
 * @param <T> the type of the threads
 * @author udsrpc authors
 * @since 0.1.0
 */
final class PoolThreads<T extends Thread> {

	private final List<T> threads = new ArrayList<>();

	synchronized void add(T thread) {
		this.threads.add(thread);
	}

	synchronized void remove(T thread) {
		this.threads.remove(thread);
	}

	/**
	 * Count the threads running a task that wait (parked, sleeping, in
	 * {@code Object.wait}): blocked in a handler for sure, not busy on a core.
	 * @param inTask whether a thread runs a task, rather than looking for one
	 * @return the number of such threads
	 */
	synchronized int waitingInTasks(Predicate<T> inTask) {
		int waiting = 0;
		for (T thread : this.threads) {
			if (inTask.test(thread)) {
				Thread.State state = thread.getState();
				if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
					waiting++;
				}
			}
		}
		return waiting;
	}

	synchronized void interruptAll() {
		this.threads.forEach(Thread::interrupt);
	}

	synchronized int live() {
		this.threads.removeIf((thread) -> !thread.isAlive());
		return this.threads.size();
	}

	/**
	 * Wait for every thread to end.
	 * @param timeout the most time to wait
	 * @param unit the unit of the timeout
	 * @return whether none is left
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		List<T> snapshot;
		synchronized (this) {
			snapshot = List.copyOf(this.threads);
		}
		for (T thread : snapshot) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				break;
			}
			TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
		}
		return live() == 0;
	}

}
