package dev.udsrpc.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Counts the requests in flight on all connections, and lets a shutdown wait, within a
 * grace period, until they are done or the connections closed. Requests signal only once
 * a shutdown began, so counting costs one atomic update.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class DrainBarrier {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private volatile boolean draining;

	void requestStarted() {
		this.inFlight.incrementAndGet();
	}

	void requestFinished() {
		if (this.inFlight.decrementAndGet() == 0 && this.draining) {
			signal();
		}
	}

	int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Start draining: from now on, the end of the last request and {@link #signal()} wake
	 * up waiters.
	 */
	void drain() {
		this.draining = true;
	}

	/**
	 * Wake up the waiters to check their condition again.
	 */
	void signal() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait until no request is in flight.
	 * @param timeoutNanos the most time to wait
	 */
	void awaitRequests(long timeoutNanos) {
		await(() -> this.inFlight.get() == 0, timeoutNanos);
	}

	/**
	 * Wait until a condition holds, checking it whenever {@link #signal()} is called.
	 * @param condition the condition
	 * @param timeoutNanos the most time to wait
	 */
	void await(BooleanSupplier condition, long timeoutNanos) {
		long remaining = timeoutNanos;
		this.lock.lock();
		try {
			while (!condition.getAsBoolean() && remaining > 0) {
				remaining = this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

}
