package dev.udsrpc.server;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.internal.Inbound;
import dev.udsrpc.protocol.internal.MessageEncoder;
import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;

/**
 * The lines of one read of a connection, handed to the workers as one task: a worker
 * takes them one after the other, and writes the replies it held when it has none left.
 * Before it runs a handler while lines remain or replies are held, it makes sure another
 * task for the same lines waits in the executor, so that a slow handler holds back
 * neither the lines after it nor the replies before it: a free worker takes the lines,
 * or, with none left, writes the replies.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class LineBatch<C extends LineBatch.Connection> implements Runnable {

	private final C connection;

	private final byte[][] lines;

	private final Executor executor;

	private final Inbound @Nullable [] decoded;

	private final Processor<C> process;

	private final BiConsumer<C, Throwable> unexpected;

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicBoolean helperQueued = new AtomicBoolean();

	/**
	 * Create the task of one read's lines.
	 * @param connection the connection they came from
	 * @param lines the lines
	 * @param decoded the lines decoded already, or {@code null}
	 * @param executor where a helper is queued
	 * @param process handles one line
	 * @param unexpected closes the connection after an error of the worker's own
	 */
	LineBatch(C connection, byte[][] lines, Inbound @Nullable [] decoded, Executor executor, Processor<C> process,
			BiConsumer<C, Throwable> unexpected) {
		this.connection = connection;
		this.lines = lines;
		this.decoded = decoded;
		this.executor = executor;
		this.process = process;
		this.unexpected = unexpected;
	}

	@Override
	public void run() {
		int index = -1;
		try {
			while ((index = this.next.getAndIncrement()) < this.lines.length) {
				if ((index + 1 < this.lines.length || this.connection.isHoldingReplies()) && !this.helperQueued.get()) {
					queueHelper();
				}
				this.process.process(this.connection, this.lines[index],
						(this.decoded != null) ? this.decoded[index] : null);
			}
			this.connection.flushHeldReplies();
		}
		catch (Throwable ex) {
			// process() handles its own failures: this is the worker's bookkeeping
			this.unexpected.accept(this.connection, ex);
			if (index >= 0 && index < this.lines.length) {
				this.connection.requestStarted();
				this.connection.requestDone(this.lines[index]);
			}
			refuse();
		}
	}

	private void help() {
		this.helperQueued.set(false);
		run();
	}

	private void queueHelper() {
		if (this.helperQueued.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::help);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: this worker takes the remaining lines itself
			}
		}
	}

	/**
	 * Answer the lines no worker took with an error: the executor refused them.
	 */
	void refuse() {
		int index;
		while ((index = this.next.getAndIncrement()) < this.lines.length) {
			this.connection.requestStarted();
			this.connection.send(MessageEncoder.error(Dialect.JSON_RPC_2, RpcId.NULL, ErrorCodes.SHUTTING_DOWN,
					"server is shutting down"));
			this.connection.requestDone(this.lines[index]);
		}
	}

	/**
	 * Handles one line on the worker that took it.
	 */
	@FunctionalInterface
	interface Processor<C> {

		/**
		 * Handle a line.
		 * @param connection the connection it came from
		 * @param line the line
		 * @param decoded the line decoded already, or {@code null}
		 */
		void process(C connection, byte[] line, @Nullable Inbound decoded);

	}

	/**
	 * What a batch needs of its connection.
	 */
	interface Connection {

		/**
		 * Return whether replies are held for a later write.
		 * @return whether replies are held
		 */
		boolean isHoldingReplies();

		/**
		 * Write the held replies, unless another thread writes.
		 */
		void flushHeldReplies();

		/**
		 * A worker starts a dispatched line (or refuses it).
		 */
		void requestStarted();

		/**
		 * A line is done.
		 * @param line the line
		 */
		void requestDone(byte[] line);

		/**
		 * Queue a message and write what the socket takes.
		 * @param message the message
		 * @return {@code false} if the connection is closed
		 */
		boolean send(byte[] message);

	}

}
