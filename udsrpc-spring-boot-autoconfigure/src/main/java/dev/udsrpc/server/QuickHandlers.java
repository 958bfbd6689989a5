package dev.udsrpc.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.handler.HandlerMethod;

/**
 * Which handlers are quick enough for the event loop to run them itself, saving the
 * hand-over to a worker and its wake-up: a handler becomes quick once its last
 * {@value #PROMOTE_AFTER} calls each returned within {@value #QUICK_MICROS} µs, and stops
 * being quick as soon as one call takes more than {@value #SLOW_MILLIS} ms, wherever it
 * ran. Each time it stops, it needs twice as many quick calls to become quick again, up
 * to {@value #MAX_REQUIRED}: a handler that blocks now and then holds the event loop up
 * at most once per that many calls. A clock cannot tell blocking from the time a busy
 * machine leaves a runnable thread waiting for a core, so on such a machine a quick
 * handler also goes back to the workers now and then, for those calls. But no machine
 * keeps a runnable thread waiting {@value #BLOCKING_MILLIS} ms: a handler that ever took
 * longer, wherever it ran, blocks, and never runs on the event loop again, so a client
 * that can make a handler block (a sleep, a lock, a query it chooses) holds the other
 * clients up at most once per handler. A handler that returns a
 * {@link java.util.concurrent.CompletionStage} is never quick. The records are updated
 * without locks; a lost update only delays a decision.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class QuickHandlers {

	static final int PROMOTE_AFTER = 64;

	static final long QUICK_MICROS = 50;

	static final long SLOW_MILLIS = 5;

	static final int MAX_REQUIRED = 4096;

	static final long BLOCKING_MILLIS = 100;

	private static final long QUICK_NANOS = TimeUnit.MICROSECONDS.toNanos(QUICK_MICROS);

	private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS);

	private static final long BLOCKING_NANOS = TimeUnit.MILLISECONDS.toNanos(BLOCKING_MILLIS);

	private final int promoteAfter;

	// one per registered handler, so bounded by the registry
	private final Map<HandlerMethod, Record> records = new ConcurrentHashMap<>();

	QuickHandlers() {
		this(PROMOTE_AFTER);
	}

	QuickHandlers(int promoteAfter) {
		this.promoteAfter = promoteAfter;
	}

	/**
	 * Return whether the event loop may run a handler itself.
	 * @param handler the handler
	 * @return whether it is quick
	 */
	boolean isQuick(HandlerMethod handler) {
		Record record = this.records.get(handler);
		return record != null && record.quick;
	}

	/**
	 * Record a call that returned its result.
	 * @param handler the handler
	 * @param nanos how long the call took
	 */
	void returned(HandlerMethod handler, long nanos) {
		Record record = record(handler);
		if (nanos > BLOCKING_NANOS) {
			record.quick = false;
			record.blocks = true;
		}
		else if (nanos > SLOW_NANOS) {
			if (record.quick) {
				record.quick = false;
				record.required = Math.min(MAX_REQUIRED, record.required * 2);
			}
			record.runs = 0;
		}
		else if (nanos <= QUICK_NANOS && !record.quick && !record.blocks && !record.completesLater
				&& ++record.runs >= record.required) {
			record.quick = true;
		}
		else if (nanos > QUICK_NANOS && !record.quick) {
			record.runs = 0;
		}
	}

	/**
	 * Record a call that returned a stage completing later: never quick.
	 * @param handler the handler
	 */
	void completesLater(HandlerMethod handler) {
		Record record = record(handler);
		record.quick = false;
		record.completesLater = true;
	}

	private Record record(HandlerMethod handler) {
		Record record = this.records.get(handler);
		return (record != null) ? record
				: this.records.computeIfAbsent(handler, (key) -> new Record(this.promoteAfter));
	}

	/**
	 * What is known of one handler.
	 */
	private static final class Record {

		volatile boolean quick;

		volatile int runs;

		volatile int required;

		volatile boolean completesLater;

		volatile boolean blocks;

		Record(int required) {
			this.required = required;
		}

	}

}
