package dev.udsrpc.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A thread that runs a check at a fixed interval only while it is armed, and parks
 * without a timeout otherwise: the {@link WorkerPool} arms it when a task finds every
 * worker busy, and the check disarms it once no task waits, so an idle pool never wakes
 * up. The thread is started on the first arming.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class PoolMonitor {

	private final String name;

	private final long intervalNanos;

	private final BooleanSupplier check;

	private final boolean enabled;

	private final AtomicBoolean armed = new AtomicBoolean();

	private volatile @Nullable Thread thread;

	private volatile boolean stopped;

	/**
	 * Create a monitor.
	 * @param name the name of its thread
	 * @param intervalMillis the time between two checks
	 * @param check the check, which returns whether to go on checking
	 * @param enabled whether the monitor runs at all
	 */
	PoolMonitor(String name, long intervalMillis, BooleanSupplier check, boolean enabled) {
		this.name = name;
		this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
		this.check = check;
		this.enabled = enabled;
	}

	/**
	 * Start checking, unless checks run already. Cheap when they do.
	 */
	void arm() {
		if (!this.enabled || this.armed.get() || !this.armed.compareAndSet(false, true)) {
			return;
		}
		Thread current = this.thread;
		if (current == null) {
			start();
		}
		else {
			LockSupport.unpark(current);
		}
	}

	boolean isArmed() {
		return this.armed.get();
	}

	void stop() {
		this.stopped = true;
		Thread current = this.thread;
		if (current != null) {
			LockSupport.unpark(current);
		}
	}

	private synchronized void start() {
		if (this.thread == null && !this.stopped) {
			Thread started = new Thread(this::run, this.name);
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}
	}

	private void run() {
		while (!this.stopped) {
			if (!this.armed.get()) {
				LockSupport.park(this);
				continue;
			}
			LockSupport.parkNanos(this, this.intervalNanos);
			if (this.stopped) {
				return;
			}
			boolean again;
			try {
				again = this.check.getAsBoolean();
			}
			catch (RuntimeException ex) {
				// checks go on whatever happened to this one
				again = true;
			}
			if (!again) {
				this.armed.set(false);
				// a task that came meanwhile may have seen the monitor still armed
				if (this.check.getAsBoolean()) {
					this.armed.compareAndSet(false, true);
				}
			}
		}
	}

}
