package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * Pauses accepting while accepting fails, as it does when the process or the system runs
 * out of file descriptors ({@code EMFILE}, {@code ENFILE}): the listening socket stays
 * ready while connections wait in its backlog, so trying again at once would spin the
 * event loop. Accepting resumes after a back-off that doubles from 10 ms to 1 s, or as
 * soon as a connection of the server closes and frees a descriptor.
 * <p>
 * One episode (failures less than a minute apart) is logged once, however long it lasts.
 * Used on the event loop only, except {@link #isPaused()}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class AcceptThrottle {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long EPISODE_GAP_NANOS = TimeUnit.MINUTES.toNanos(1);

	private long backoff;

	private long resumeAt = InputLimits.NONE;

	private boolean inEpisode;

	private long lastFailure;

	private long failures;

	private volatile boolean paused;

	/**
	 * Record that accepting failed and pause it.
	 * @param failure why
	 * @param now the time ({@link System#nanoTime()})
	 */
	void failed(Exception failure, long now) {
		if (!this.inEpisode || now - this.lastFailure > EPISODE_GAP_NANOS) {
			this.inEpisode = true;
			this.failures = 0;
			log(failure);
		}
		this.failures++;
		this.lastFailure = now;
		this.backoff = (this.backoff == 0) ? FIRST_BACKOFF_NANOS : Math.min(this.backoff * 2, MAX_BACKOFF_NANOS);
		this.resumeAt = now + this.backoff;
		this.paused = true;
	}

	/**
	 * Record that a connection was accepted: the next failure pauses for the shortest
	 * back-off again.
	 */
	void accepted() {
		if (this.backoff != 0) {
			long retries = this.failures;
			logger.log(Level.DEBUG, () -> "Accepting connections again after " + retries + " failed attempts");
			this.backoff = 0;
		}
	}

	/**
	 * Return whether accepting is paused; safe on any thread.
	 * @return whether paused
	 */
	boolean isPaused() {
		return this.paused;
	}

	/**
	 * Return when accepting resumes.
	 * @return the time ({@link System#nanoTime()}), or {@link InputLimits#NONE} if not
	 * paused
	 */
	long resumeAt() {
		return this.resumeAt;
	}

	/**
	 * Resume accepting: at its time, or earlier when a descriptor was freed.
	 */
	void resume() {
		this.paused = false;
		this.resumeAt = InputLimits.NONE;
	}

	private static void log(Exception failure) {
		try {
			logger.log(Level.WARNING, "Cannot accept connections (" + failure.getMessage()
					+ "): accepting paused and retried with a back-off of up to 1 s, or as soon as a connection closes;"
					+ " further failures within a minute are not logged");
		}
		catch (Throwable ex) {
			// logging may need a descriptor too
		}
	}

}
