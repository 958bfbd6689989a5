package dev.udsrpc.server;

/**
 * When the replies to the lines of one read are written, so that they usually leave in
 * one write. The builder chooses one for the executor handlers run on, once; the
 * connections and the dispatcher only follow it.
 * <p>
 * Either way, a held reply is written at the latest when the replies held reach
 * {@value OutboundQueue#WRITE_CHUNK} bytes or the first is
 * {@value OutboundQueue#MAX_HOLD_MICROS} µs old, by whoever writes next, and a worker
 * about to run a handler while lines of the same read remain first queues a task that
 * takes them ({@link LineBatch}).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
enum ReplyCoalescing {

	/**
	 * A worker holds the replies of the lines it takes until it has no line left. Before
	 * each handler it runs while it holds replies, it queues a task that writes them,
	 * which a free worker takes at once, so a slow handler does not hold them back. For
	 * an executor that starts every queued task promptly: the built-in pool, which adds a
	 * worker when every one is blocked, and virtual threads.
	 */
	UNTIL_LINES_DONE,

	/**
	 * A reply is held only while more lines of its connection wait to start, and the
	 * start of the last one writes the held replies before its handler runs. For an
	 * executor that may leave a queued task waiting while its threads are blocked.
	 */
	WHILE_LINES_WAIT;

	/**
	 * Return whether a reply may be held for a later write.
	 * @param onTakingWorker whether the worker that took the line produced it (rather
	 * than a completion elsewhere, later)
	 * @param linesWaiting whether dispatched lines of the connection wait to start
	 * @return whether the reply may be held
	 */
	boolean mayHold(boolean onTakingWorker, boolean linesWaiting) {
		return (this == UNTIL_LINES_DONE && onTakingWorker) || linesWaiting;
	}

	/**
	 * Return whether the start of the last line waiting writes the replies held.
	 * @return whether the last start writes them
	 */
	boolean flushesOnLastStart() {
		return this == WHILE_LINES_WAIT;
	}

	/**
	 * Choose the strategy for the executor handlers run on.
	 * @param startsQueuedTasksPromptly whether every task queued starts within a few
	 * milliseconds even while every running one blocks
	 * @return the strategy
	 */
	static ReplyCoalescing forExecutor(boolean startsQueuedTasksPromptly) {
		return startsQueuedTasksPromptly ? UNTIL_LINES_DONE : WHILE_LINES_WAIT;
	}

}
