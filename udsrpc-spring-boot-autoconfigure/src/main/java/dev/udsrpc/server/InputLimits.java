package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;

import dev.udsrpc.protocol.ErrorCodes;

/**
 * The limits on the input the event loop holds for its connections: incomplete lines and
 * lines read but not yet dispatched.
 * <p>
 * They share one budget: when what all connections hold exceeds it, the connections
 * holding the most are closed (with a {@code -32001} error) until the rest fits, before
 * the heap runs out. And an incomplete line may be held only so long: a connection still
 * holding one at its deadline is closed (with a {@code -32600} error); while the server
 * does not read a connection (its requests in flight are at the limit), the time of its
 * line starts again. Deadlines need no periodic timer: the event loop waits for the
 * earliest one only while some connection holds an incomplete line, and the earliest one
 * is found again by a scan of the connections when it has passed.
 * <p>
 * Used on the event loop only.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class InputLimits {

	/**
	 * No deadline.
	 */
	static final long NONE = Long.MAX_VALUE;

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final long budget;

	private final long timeoutNanos;

	private final Collection<ServerConnection> connections;

	private long held;

	// no later than the earliest deadline of an incomplete line, NONE if none is held
	private long nextDeadline = NONE;

	/**
	 * Create the limits.
	 * @param budget the most bytes all connections may hold
	 * @param timeout how long a connection may hold an incomplete line
	 * @param connections a live view of the connections
	 */
	InputLimits(long budget, Duration timeout, Collection<ServerConnection> connections) {
		this.budget = budget;
		this.timeoutNanos = timeout.toNanos();
		this.connections = connections;
	}

	/**
	 * Return the default budget for a maximum heap size: a quarter of it. The rest holds
	 * the application, the requests being handled and the responses queued, and leaves
	 * the garbage collector room to work; a budget of half the heap or more would let
	 * clients alone drive a small heap into back-to-back full collections. With the
	 * default maximum message size of 16 MiB, a 96 MB heap still holds one line of the
	 * maximum size.
	 * @param maxHeap the maximum heap size ({@link Runtime#maxMemory()})
	 * @return the budget in bytes
	 */
	static long defaultBudget(long maxHeap) {
		// without a known maximum, as for a 4 GB heap
		long heap = (maxHeap == Long.MAX_VALUE) ? 4L * 1024 * 1024 * 1024 : maxHeap;
		return Math.max(1024 * 1024, heap / 4);
	}

	/**
	 * Record what a connection holds after a read.
	 * @param connection the connection
	 * @param now the time of the read ({@link System#nanoTime()})
	 * @param before the bytes of its incomplete line before the read
	 * @param read the bytes read
	 * @param after the bytes of its incomplete line after the read
	 * @param charge the bytes it holds now: the buffer of its incomplete line and the
	 * lines waiting to be dispatched
	 */
	void afterRead(ServerConnection connection, long now, int before, int read, int after, long charge) {
		Account account = connection.reader().inputAccount();
		if (after == 0) {
			account.partialSince = NONE;
		}
		else if (before == 0 || after != before + read) {
			// a new incomplete line: the read ended the one before, if any
			account.partialSince = now;
			if (this.nextDeadline == NONE) {
				this.nextDeadline = now + this.timeoutNanos;
			}
		}
		charge(connection, charge);
	}

	/**
	 * Record that the server reads a connection again after holding it back: the time its
	 * incomplete line was held meanwhile is not the client's, so its time starts again.
	 * @param connection the connection
	 * @param now the time ({@link System#nanoTime()})
	 */
	void resumed(ServerConnection connection, long now) {
		Account account = connection.reader().inputAccount();
		if (account.partialSince != NONE) {
			// a later deadline: the next one found by expire() is still no later
			account.partialSince = now;
		}
	}

	/**
	 * Record what a connection holds.
	 * @param connection the connection
	 * @param charge the bytes it holds
	 */
	void charge(ServerConnection connection, long charge) {
		Account account = connection.reader().inputAccount();
		if (charge == account.charge) {
			return;
		}
		this.held += charge - account.charge;
		account.charge = charge;
		while (this.held > this.budget && shedLargest()) {
			// until the rest fits
		}
	}

	/**
	 * Forget what a closed connection held.
	 * @param connection the connection
	 */
	void release(ServerConnection connection) {
		Account account = connection.reader().inputAccount();
		this.held -= account.charge;
		account.charge = 0;
		account.partialSince = NONE;
	}

	/**
	 * Close the connection holding the most input.
	 * @return whether there was one holding any
	 */
	boolean shedLargest() {
		ServerConnection largest = null;
		for (ServerConnection connection : this.connections) {
			if (connection.isOpen() && connection.reader().inputAccount().charge > 0 && (largest == null
					|| connection.reader().inputAccount().charge > largest.reader().inputAccount().charge)) {
				largest = connection;
			}
		}
		if (largest == null) {
			return false;
		}
		ServerConnection shed = largest;
		long charge = shed.reader().inputAccount().charge;
		logger.log(Level.WARNING, () -> "Closing " + shed + ": it holds " + charge
				+ " bytes of input, the most while all connections exceed the budget of " + this.budget + " bytes");
		release(shed);
		shed.reader()
			.refuseInput(ErrorCodes.SERVER_BUSY,
					"server busy: too much input is buffered; the connection holding the most is closed");
		return true;
	}

	/**
	 * Return when the next incomplete line may have to be closed.
	 * @return the deadline ({@link System#nanoTime()}), or {@link #NONE}
	 */
	long nextDeadline() {
		return this.nextDeadline;
	}

	/**
	 * Close the connections whose incomplete line is due, and find the next deadline.
	 * @param now the time ({@link System#nanoTime()})
	 */
	void expire(long now) {
		if (this.nextDeadline == NONE || now - this.nextDeadline < 0) {
			return;
		}
		long next = NONE;
		for (ServerConnection connection : this.connections) {
			long since = connection.reader().inputAccount().partialSince;
			if (since == NONE || !connection.isOpen()) {
				continue;
			}
			if (connection.reader().inbound().isPaused()) {
				// the server, not the client, holds the rest of the line back: its time
				// starts again
				connection.reader().inputAccount().partialSince = now;
				since = now;
			}
			long deadline = since + this.timeoutNanos;
			if (now - deadline >= 0) {
				logger.log(Level.WARNING, () -> "Closing " + connection + ": it holds an incomplete line for more than "
						+ Duration.ofNanos(this.timeoutNanos));
				release(connection);
				connection.reader()
					.refuseInput(ErrorCodes.INVALID_REQUEST, "invalid request: an incomplete line for more than "
							+ Duration.ofNanos(this.timeoutNanos).toMillis() + " ms");
			}
			else if (next == NONE || deadline - next < 0) {
				next = deadline;
			}
		}
		this.nextDeadline = next;
	}

	/**
	 * Return the bytes all connections hold.
	 * @return the bytes held
	 */
	long held() {
		return this.held;
	}

	/**
	 * What one connection holds; used on the event loop only.
	 */
	static final class Account {

		private long charge;

		private long partialSince = NONE;

	}

}
