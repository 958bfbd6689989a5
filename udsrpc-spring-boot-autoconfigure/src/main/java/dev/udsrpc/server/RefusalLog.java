package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Logs the connections refused as they are accepted without letting a client flood the
 * log by connecting in a loop: the first refusal of a user for a reason is logged at
 * once; later ones are counted and logged as one line per minute, with no periodic timer:
 * the event loop wakes up for the next summary only while refusals are being counted, and
 * a user quiet for a minute is forgotten.
 * <p>
 * Used on the event loop only.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class RefusalLog {

	static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	// beyond it, refusals of further users are counted together
	private static final int MAX_TRACKED = 1024;

	private static final Key OTHERS = new Key(-2, "other");

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final Consumer<String> sink;

	private final Map<Key, long[]> counts = new HashMap<>();

	private long nextSummary = InputLimits.NONE;

	RefusalLog() {
		this((message) -> logger.log(Level.WARNING, message));
	}

	RefusalLog(Consumer<String> sink) {
		this.sink = sink;
	}

	/**
	 * Record a refusal.
	 * @param peer the peer, or {@code null} if its credentials could not be read
	 * @param reason why: {@code credentials}, {@code not-allowed}, {@code limit} or
	 * {@code uid-limit}
	 * @param detail what the reason means, for the log
	 * @param now the time ({@link System#nanoTime()})
	 */
	void refused(@Nullable PeerCredentials peer, String reason, String detail, long now) {
		Key key = new Key((peer != null) ? peer.uid() : -1, reason);
		long[] count = this.counts.get(key);
		if (count == null && this.counts.size() >= MAX_TRACKED) {
			key = OTHERS;
			count = this.counts.get(key);
		}
		if (count != null) {
			count[0]++;
			return;
		}
		this.counts.put(key, new long[1]);
		if (this.nextSummary == InputLimits.NONE) {
			this.nextSummary = now + INTERVAL_NANOS;
		}
		String who = (peer != null) ? "pid " + peer.pid() + ", uid " + peer.uid() + ", gid " + peer.gid()
				: "a peer whose credentials cannot be read";
		log("Refusing a connection from " + who + ": " + detail
				+ " (further refusals of this user for this reason are counted and logged once a minute)");
	}

	/**
	 * Return when the next summary is due.
	 * @return the time ({@link System#nanoTime()}), or {@link InputLimits#NONE}
	 */
	long nextSummary() {
		return this.nextSummary;
	}

	/**
	 * Log the counts of the last interval if it has ended, and forget the users refused
	 * no more during it.
	 * @param now the time ({@link System#nanoTime()})
	 */
	void summarize(long now) {
		if (this.nextSummary == InputLimits.NONE || now - this.nextSummary < 0) {
			return;
		}
		for (Iterator<Map.Entry<Key, long[]>> entries = this.counts.entrySet().iterator(); entries.hasNext();) {
			Map.Entry<Key, long[]> entry = entries.next();
			long count = entry.getValue()[0];
			if (count == 0) {
				entries.remove();
				continue;
			}
			Key key = entry.getKey();
			String who = (key == OTHERS) ? "other users" : (key.uid() >= 0) ? "uid " + key.uid() : "unknown peers";
			log("Refused " + count + " more connection(s) of " + who + " (" + key.reason() + ") in the last minute");
			entry.getValue()[0] = 0;
		}
		this.nextSummary = this.counts.isEmpty() ? InputLimits.NONE : now + INTERVAL_NANOS;
	}

	private void log(String message) {
		try {
			this.sink.accept(message);
		}
		catch (Throwable ex) {
			// logging may need memory or a descriptor that is exhausted
		}
	}

	private record Key(long uid, String reason) {

		Key {
			Objects.requireNonNull(reason, "'reason' must not be null");
		}

	}

}
