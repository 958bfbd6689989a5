package dev.udsrpc.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flow control of one connection's input: how many of its requests are in flight, and
 * whether its next lines are dispatched or wait.
 * <p>
 * The limits are strict: lines read while the connection has as many requests (or request
 * bytes) in flight as allowed wait in a backlog and are dispatched, in order, as requests
 * complete. Reading stops while the backlog is not empty, so the backlog holds at most
 * what one read returned. The lines dispatched by one read (or one resume) go to the
 * workers together.
 * <p>
 * The event loop calls {@link #accept}, {@link #endOfRead}, {@link #endOfInput} and
 * {@link #refuse}; workers call {@link #started}, {@link #done}, {@link #takeShares} and
 * {@link #releaseShares}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class InboundFlow {

	private final int maxInFlight;

	private final long maxBytesInFlight;

	private final Host host;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong inFlightBytes = new AtomicLong();

	// dispatched lines a worker has not started yet
	private final AtomicInteger waitingToStart = new AtomicInteger();

	private final AtomicBoolean resumeScheduled = new AtomicBoolean();

	// lines read but not yet dispatched, and their bytes; event loop only
	private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();

	private long backlogBytes;

	// lines dispatched by the current read or resume; event loop only
	private final ArrayList<byte[]> batch = new ArrayList<>();

	private boolean resuming;

	private volatile boolean paused;

	private volatile boolean inputClosed;

	/**
	 * Create the flow control of a connection.
	 * @param maxInFlight the most requests in flight
	 * @param maxBytesInFlight the most bytes of requests in flight, unless only one is
	 * @param host the connection
	 */
	InboundFlow(int maxInFlight, long maxBytesInFlight, Host host) {
		this.maxInFlight = maxInFlight;
		this.maxBytesInFlight = maxBytesInFlight;
		this.host = host;
	}

	/**
	 * Take a complete line: dispatch it with the others of this read, or keep it in the
	 * backlog and stop reading.
	 * @param line the line
	 */
	void accept(byte[] line) {
		if (this.inputClosed) {
			return;
		}
		if (!this.backlog.isEmpty() || !mayDispatch(line)) {
			this.backlog.addLast(line);
			this.backlogBytes += line.length;
			pause();
			return;
		}
		add(line);
	}

	/**
	 * Hand the lines dispatched since the last call to the workers.
	 */
	void endOfRead() {
		if (this.batch.isEmpty()) {
			return;
		}
		byte[][] lines = this.batch.toArray(new byte[0][]);
		this.batch.clear();
		this.host.dispatch(lines);
	}

	/**
	 * The peer closed its end: close the connection once no request is in flight.
	 */
	void endOfInput() {
		this.inputClosed = true;
		if (this.inFlight.get() == 0) {
			this.host.inputDone();
		}
	}

	/**
	 * Drop the backlog and take no more lines.
	 */
	void refuse() {
		this.inputClosed = true;
		this.backlog.clear();
		this.backlogBytes = 0;
	}

	/**
	 * The connection was closed: take no more lines. Safe on any thread; the backlog is
	 * dropped by the next resume.
	 */
	void closed() {
		this.inputClosed = true;
	}

	boolean isInputClosed() {
		return this.inputClosed;
	}

	boolean isPaused() {
		return this.paused;
	}

	long backlogBytes() {
		return this.backlogBytes;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	private boolean mayDispatch(byte[] line) {
		int count = this.inFlight.get();
		return count == 0
				|| (count < this.maxInFlight && this.inFlightBytes.get() + line.length <= this.maxBytesInFlight);
	}

	private void add(byte[] line) {
		this.inFlight.incrementAndGet();
		this.waitingToStart.incrementAndGet();
		this.inFlightBytes.addAndGet(line.length);
		this.batch.add(line);
	}

	private void pause() {
		if (this.paused) {
			return;
		}
		this.paused = true;
		this.host.readInterest(false);
		// a request may have completed before it could see the pause
		if (this.inFlight.get() < this.maxInFlight) {
			scheduleResume();
		}
	}

	private void scheduleResume() {
		if (this.resumeScheduled.compareAndSet(false, true)) {
			this.host.later(this::resume);
		}
	}

	/**
	 * Dispatch backlogged lines the limits allow, and read again once the backlog is
	 * empty. Runs on the event loop.
	 */
	void resume() {
		this.resumeScheduled.set(false);
		if (this.resuming) {
			return;
		}
		this.resuming = true;
		try {
			while (!this.backlog.isEmpty() && !this.inputClosed && mayDispatch(this.backlog.peekFirst())) {
				byte[] line = this.backlog.pollFirst();
				this.backlogBytes -= line.length;
				add(line);
			}
		}
		finally {
			this.resuming = false;
			endOfRead();
		}
		if (this.inputClosed) {
			refuse();
			return;
		}
		if (!this.host.charge(this.backlogBytes)) {
			// closed by the input budget
			return;
		}
		if (this.backlog.isEmpty() && this.paused && this.inFlight.get() < this.maxInFlight) {
			this.paused = false;
			this.host.readingResumed();
			this.host.readInterest(true);
		}
	}

	// ---- worker side

	/**
	 * Called once per dispatched line as a worker starts it (or as it is refused).
	 * @return whether no dispatched line waits to start any more
	 */
	boolean started() {
		return this.waitingToStart.decrementAndGet() == 0;
	}

	/**
	 * Return whether dispatched lines wait to start.
	 * @return whether any waits
	 */
	boolean linesWaiting() {
		return this.waitingToStart.get() > 0;
	}

	/**
	 * Called once per line when its response (if any) was queued.
	 * @param line the line, as dispatched
	 */
	void done(byte[] line) {
		this.inFlightBytes.addAndGet(-line.length);
		afterRelease(this.inFlight.decrementAndGet());
	}

	/**
	 * Take up to the given number of further shares of the requests in flight, for the
	 * requests of a batch beyond the one its line holds.
	 * @param wanted the number wanted
	 * @return the number taken, possibly 0
	 */
	int takeShares(int wanted) {
		while (wanted > 0) {
			int count = this.inFlight.get();
			int taken = Math.min(wanted, this.maxInFlight - count);
			if (taken <= 0) {
				return 0;
			}
			if (this.inFlight.compareAndSet(count, count + taken)) {
				return taken;
			}
		}
		return 0;
	}

	/**
	 * Give back shares taken with {@link #takeShares(int)}.
	 * @param shares the number of shares
	 */
	void releaseShares(int shares) {
		afterRelease(this.inFlight.addAndGet(-shares));
	}

	private void afterRelease(int remaining) {
		if (this.paused) {
			scheduleResume();
		}
		else if (remaining == 0 && this.inputClosed) {
			this.host.inputDone();
		}
	}

	/**
	 * What the flow control asks of its connection.
	 */
	interface Host {

		/**
		 * Hand the lines of one read to the workers.
		 * @param lines the lines
		 */
		void dispatch(byte[][] lines);

		/**
		 * Select the connection for reading, or stop.
		 * @param on whether to read
		 */
		void readInterest(boolean on);

		/**
		 * Run a task on the event loop after the current event, even when called on it.
		 * @param task the task
		 */
		void later(Runnable task);

		/**
		 * Record the input the connection holds after a resume.
		 * @param backlogBytes the bytes of its backlog
		 * @return {@code false} if the input budget closed the connection
		 */
		boolean charge(long backlogBytes);

		/**
		 * The connection is read again after holding it back.
		 */
		void readingResumed();

		/**
		 * No more input and no request in flight: close once the replies are written.
		 */
		void inputDone();

	}

}
