package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Calls the connection listeners for connections opened, closed and refused away from the
 * event loop, one event after the other in the order they happened, so that a slow
 * listener (one publishing application events, say) delays neither accepting nor reading.
 * A connection is read only once the listeners have seen it opened.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ListenerNotifier {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final List<UdsRpcConnectionListener> listeners;

	private final Executor executor;

	private final FatalErrors fatalErrors;

	private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final ReentrantLock lock = new ReentrantLock();

	ListenerNotifier(List<UdsRpcConnectionListener> listeners, Executor executor, FatalErrors fatalErrors) {
		this.listeners = listeners;
		this.executor = executor;
		this.fatalErrors = fatalErrors;
	}

	/**
	 * Return whether there are listeners to call.
	 * @return whether there are any
	 */
	boolean hasListeners() {
		return !this.listeners.isEmpty();
	}

	/**
	 * Tell the listeners a connection was opened, then start reading it.
	 * @param connection the connection
	 * @param startReading what starts reading it
	 */
	void opened(UdsRpcConnection connection, Runnable startReading) {
		add(() -> {
			for (UdsRpcConnectionListener listener : this.listeners) {
				call(() -> listener.connectionOpened(connection));
			}
			startReading.run();
		});
	}

	/**
	 * Tell the listeners a connection was closed.
	 * @param connection the connection
	 */
	void closed(UdsRpcConnection connection) {
		if (hasListeners()) {
			add(() -> {
				for (UdsRpcConnectionListener listener : this.listeners) {
					call(() -> listener.connectionClosed(connection));
				}
			});
		}
	}

	/**
	 * Tell the listeners a connection was refused.
	 * @param peer the peer, or {@code null}
	 * @param reason why
	 */
	void refused(@Nullable PeerCredentials peer, String reason) {
		if (hasListeners()) {
			add(() -> {
				for (UdsRpcConnectionListener listener : this.listeners) {
					call(() -> listener.connectionRefused(peer, reason));
				}
			});
		}
	}

	/**
	 * Call the listeners for every event so far, on the calling thread (at shutdown, so
	 * that none is lost with the executor).
	 */
	void drain() {
		this.lock.lock();
		try {
			Runnable event;
			while ((event = this.events.poll()) != null) {
				event.run();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void add(Runnable event) {
		this.events.add(event);
		if (this.scheduled.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::run);
			}
			catch (RejectedExecutionException ex) {
				run();
			}
		}
	}

	private void run() {
		do {
			drain();
			this.scheduled.set(false);
		}
		while (!this.events.isEmpty() && this.scheduled.compareAndSet(false, true));
	}

	private void call(Runnable call) {
		try {
			call.run();
		}
		catch (OutOfMemoryError ex) {
			this.fatalErrors.outOfMemory(ex);
		}
		catch (Throwable ex) {
			logger.log(Level.WARNING, "Connection listener failed", ex);
		}
	}

}
