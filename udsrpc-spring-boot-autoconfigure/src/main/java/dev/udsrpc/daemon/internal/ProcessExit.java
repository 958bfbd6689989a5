package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Waits for a process that is not a child of this one to exit, promptly: from
 * {@code /proc/<pid>/stat}, a process is gone once its entry is, or once the PID belongs
 * to a process that started later; a zombie (exited, waiting for its parent to reap it)
 * counts as gone once its parent has had a moment to reap it. The JDK's
 * {@link ProcessHandle#onExit()} polls such a process at 300 ms and more. Without
 * {@code /proc}, that is the way.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class ProcessExit {

	private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(2);

	private static final long LONGEST_PAUSE = TimeUnit.MILLISECONDS.toNanos(20);

	/**
	 * How long a zombie's parent has to reap it before it counts as gone anyway: a parent
	 * that waits for it does so at once, an init process that does not may take seconds.
	 */
	private static final long ZOMBIE_GRACE = TimeUnit.MILLISECONDS.toNanos(300);

	private final ProcessHandle process;

	private final @Nullable String startTime;

	private ProcessExit(ProcessHandle process, @Nullable String startTime) {
		this.process = process;
		this.startTime = startTime;
	}

	/**
	 * Prepare to wait for a process, before signalling it (so that a PID reused meanwhile
	 * is told apart).
	 * @param process the process
	 * @return the waiter
	 */
	public static ProcessExit of(ProcessHandle process) {
		Objects.requireNonNull(process, "'process' must not be null");
		String[] stat = stat(process.pid());
		return new ProcessExit(process, (stat != null) ? stat[19] : null);
	}

	/**
	 * Wait until the process is gone.
	 * @param timeout how long to wait
	 * @return {@code true} if it is gone, {@code false} if it still runs
	 * @throws InterruptedException if interrupted
	 */
	public boolean await(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		if (this.startTime == null) {
			return awaitWithoutProc(timeout);
		}
		long pause = FIRST_PAUSE;
		long zombieSince = 0;
		while (true) {
			State state = state();
			if (state == State.GONE) {
				return true;
			}
			if (state == State.ZOMBIE) {
				// give its parent a moment to reap it, then count it as gone all the same
				zombieSince = (zombieSince != 0) ? zombieSince : System.nanoTime();
				if (System.nanoTime() - zombieSince >= ZOMBIE_GRACE) {
					return true;
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return state == State.ZOMBIE;
			}
			LockSupport.parkNanos(Math.min(pause, left));
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			pause = Math.min(pause * 2, LONGEST_PAUSE);
		}
	}

	private State state() {
		String[] stat = stat(this.process.pid());
		if (stat == null || !stat[19].equals(this.startTime) || stat[0].equals("X")) {
			return State.GONE;
		}
		return stat[0].equals("Z") ? State.ZOMBIE : State.RUNNING;
	}

	private boolean awaitWithoutProc(Duration timeout) throws InterruptedException {
		try {
			this.process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return !this.process.isAlive();
		}
	}

	/**
	 * Return the fields of {@code /proc/<pid>/stat} after the command name: the state
	 * first, the start time at index 19; {@code null} if there is no such process.
	 */
	static String @Nullable [] stat(long pid) {
		String text;
		try {
			text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			return null;
		}
		int end = text.lastIndexOf(')');
		if (end < 0 || end + 2 > text.length()) {
			return null;
		}
		String[] fields = text.substring(end + 2).trim().split(" ");
		return (fields.length > 19) ? fields : null;
	}

	/**
	 * What {@code /proc} tells of the process.
	 */
	private enum State {

		RUNNING, ZOMBIE, GONE

	}

}
