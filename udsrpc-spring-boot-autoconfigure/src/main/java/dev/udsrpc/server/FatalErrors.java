package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * What the server does with an error it did not expect. An error blamed on one connection
 * is logged and that connection is closed by the caller, which also frees what it held.
 * An {@link OutOfMemoryError} is contained that way at most {@value #MAX_CONTAINED} times
 * within ten seconds; one more, or one that no connection can be blamed for, cannot be
 * contained, and the process ends with status {@value #EXIT_STATUS} ({@code EX_SOFTWARE}
 * of {@code sysexits.h}), so that a service manager restarts it.
 * <p>
 * The default exit is {@link Runtime#halt(int)}, as with
 * {@code -XX:+ExitOnOutOfMemoryError}: with the heap exhausted, shutdown hooks could hang
 * and leave a process that neither serves nor ends. The next start removes the socket and
 * PID file it leaves behind.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class FatalErrors {

	/**
	 * The exit status of a process that cannot go on.
	 */
	static final int EXIT_STATUS = 70;

	static final int MAX_CONTAINED = 3;

	private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final IntConsumer exit;

	private final LongSupplier clock;

	// when the last contained OutOfMemoryErrors happened, oldest first; guarded by this
	private final long[] contained = new long[MAX_CONTAINED];

	private int containedCount;

	FatalErrors(IntConsumer exit) {
		this(exit, System::nanoTime);
	}

	FatalErrors(IntConsumer exit, LongSupplier clock) {
		this.exit = exit;
		this.clock = clock;
	}

	/**
	 * Log an error blamed on a connection that the caller closes. An
	 * {@link OutOfMemoryError} counts towards the ones that can be contained.
	 * @param error the error
	 * @param connection what the error is blamed on
	 */
	void closing(Throwable error, Object connection) {
		log((error instanceof Error) ? Level.ERROR : Level.WARNING,
				"Closing " + connection + " after an unexpected error", error);
		if (error instanceof OutOfMemoryError outOfMemory) {
			outOfMemory(outOfMemory);
		}
	}

	/**
	 * Count an {@link OutOfMemoryError} that was contained by closing a connection, and
	 * end the process if too many came too close together.
	 * @param error the error
	 */
	void outOfMemory(OutOfMemoryError error) {
		long now = this.clock.getAsLong();
		boolean fatal;
		synchronized (this) {
			fatal = this.containedCount == MAX_CONTAINED && now - this.contained[0] < WINDOW_NANOS;
			if (this.containedCount == MAX_CONTAINED) {
				System.arraycopy(this.contained, 1, this.contained, 0, MAX_CONTAINED - 1);
				this.containedCount--;
			}
			this.contained[this.containedCount++] = now;
		}
		if (fatal) {
			uncontained(error);
		}
	}

	/**
	 * End the process after an error the server cannot go on from.
	 * @param error the error
	 */
	void uncontained(Throwable error) {
		log(Level.ERROR, "The udsrpc server cannot go on after an unexpected error: exiting with status " + EXIT_STATUS,
				error);
		this.exit.accept(EXIT_STATUS);
	}

	private static void log(Level level, String message, Throwable error) {
		try {
			logger.log(level, message, error);
		}
		catch (Throwable ex) {
			// logging needs memory or descriptors that may be exhausted: go on without it
		}
	}

}
