package dev.udsrpc.daemon.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs handlers for POSIX signals such as {@code HUP}. The only class that touches
 * {@code sun.misc.Signal}. Handlers run on the JVM's signal dispatcher thread, so they
 * must only hand the work over to another thread.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class SignalHandlers {

	private SignalHandlers() {
	}

	/**
	 * Run an action whenever the process receives a signal, replacing the JVM's handler
	 * until the returned registration is closed.
	 * @param signal the signal name without {@code SIG}, such as {@code "HUP"}
	 * @param action what to run; called on the signal dispatcher thread
	 * @return the registration, which restores the previous handler when closed
	 * @throws IllegalArgumentException if the signal is unknown or reserved by the JVM
	 */
	public static Registration handle(String signal, Runnable action) {
		Objects.requireNonNull(signal, "'signal' must not be null");
		Objects.requireNonNull(action, "'action' must not be null");
		Signal sig = new Signal(signal);
		SignalHandler previous = Signal.handle(sig, (received) -> action.run());
		return new Registration(sig, previous);
	}

	/**
	 * Send a signal to this process.
	 * @param signal the signal name without {@code SIG}
	 */
	public static void raise(String signal) {
		Signal.raise(new Signal(signal));
	}

	/**
	 * An installed handler.
	 */
	public static final class Registration implements AutoCloseable {

		private final Signal signal;

		private @Nullable SignalHandler previous;

		private Registration(Signal signal, SignalHandler previous) {
			this.signal = signal;
			this.previous = previous;
		}

		/**
		 * Restore the handler that was installed before.
		 */
		@Override
		public synchronized void close() {
			SignalHandler handler = this.previous;
			if (handler != null) {
				Signal.handle(this.signal, handler);
				this.previous = null;
			}
		}

	}

}
