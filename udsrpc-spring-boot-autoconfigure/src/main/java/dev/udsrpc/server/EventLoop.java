package dev.udsrpc.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The event loop of a server: one thread that waits on a selector for connections to
 * accept, read and write, and runs the tasks other threads hand it. It wakes up for a
 * deadline (of an incomplete line, of paused accepting, of the refusal log's summary)
 * only while there is one, so an idle server never wakes up.
 * <p>
 * No error ends it: an error while handling a connection closes that connection, and an
 * {@link OutOfMemoryError} it cannot contain ends the process ({@link FatalErrors}), as
 * does the loop ending while it should run.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class EventLoop {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final Selector selector;

	private final Acceptor acceptor;

	private final InputLimits inputLimits;

	private final FatalErrors fatalErrors;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

	private final Thread thread;

	private volatile boolean running = true;

	// whether reapHungUp() selected: its select may have taken the wake-up of a task
	private boolean reaped;

	EventLoop(String name, Selector selector, Acceptor acceptor, InputLimits inputLimits, FatalErrors fatalErrors) {
		this.selector = selector;
		this.acceptor = acceptor;
		this.inputLimits = inputLimits;
		this.fatalErrors = fatalErrors;
		this.thread = new Thread(this::run, name);
		this.thread.setDaemon(false);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Run a task on the event loop thread: at once when called on it.
	 * @param task the task
	 */
	void execute(Runnable task) {
		if (Thread.currentThread() == this.thread) {
			task.run();
			return;
		}
		executeLater(task);
	}

	/**
	 * Run a task on the event loop thread after the current event, even when called on
	 * it.
	 * @param task the task
	 */
	void executeLater(Runnable task) {
		this.tasks.add(task);
		this.selector.wakeup();
	}

	/**
	 * Stop the loop, waiting a few seconds for it to end, and close its selector.
	 */
	void stop() {
		this.running = false;
		this.selector.wakeup();
		if (this.thread != Thread.currentThread()) {
			try {
				this.thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private void run() {
		try {
			while (this.running && this.selector.isOpen()) {
				try {
					select();
				}
				catch (Throwable ex) {
					onError(ex);
				}
			}
			runTasks();
		}
		finally {
			if (this.running) {
				this.fatalErrors.uncontained(new IllegalStateException("The udsrpc event loop ended"));
			}
		}
	}

	private void select() throws IOException {
		long deadline = earliest(this.inputLimits.nextDeadline(), this.acceptor.nextDeadline());
		if (deadline == InputLimits.NONE) {
			this.selector.select();
		}
		else {
			long wait = deadline - System.nanoTime();
			if (wait > 0) {
				this.selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
			}
			else {
				this.selector.selectNow();
			}
		}
		long now = System.nanoTime();
		runTasks();
		boolean acceptable = false;
		Set<SelectionKey> selected = this.selector.selectedKeys();
		for (SelectionKey key : selected) {
			if (key.attachment() instanceof ServerConnection connection) {
				handle(key, connection, now);
			}
			else {
				acceptable = true;
			}
		}
		selected.clear();
		if (acceptable) {
			// after the reads, which may have seen connections hang up
			this.acceptor.acceptAll(now);
		}
		if (deadline != InputLimits.NONE && now - deadline >= 0) {
			this.inputLimits.expire(now);
			this.acceptor.onTime(now);
		}
		if (this.reaped) {
			this.reaped = false;
			runTasks();
		}
	}

	private static long earliest(long first, long second) {
		if (first == InputLimits.NONE) {
			return second;
		}
		return (second == InputLimits.NONE || first - second < 0) ? first : second;
	}

	/**
	 * Read what connections whose peer hung up have left, which closes them. Runs on the
	 * event loop, not while it goes through its selected keys.
	 * @param now the time ({@link System#nanoTime()})
	 */
	void reapHungUp(long now) {
		this.reaped = true;
		try {
			this.selector.selectNow();
		}
		catch (IOException ex) {
			return;
		}
		Set<SelectionKey> selected = this.selector.selectedKeys();
		for (SelectionKey key : selected) {
			if (key.attachment() instanceof ServerConnection connection) {
				handle(key, connection, now);
			}
		}
		// the listening socket, if selected, is selected again by the next select
		selected.clear();
	}

	private void handle(SelectionKey key, ServerConnection connection, long now) {
		try {
			if (!key.isValid()) {
				connection.closeNow();
				return;
			}
			if (key.isWritable()) {
				connection.onWritable();
			}
			if (key.isValid() && key.isReadable()) {
				connection.reader().onReadable(this.readBuffer, now);
			}
		}
		catch (Throwable ex) {
			connection.closeNow();
			this.fatalErrors.closing(ex, connection);
		}
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				onError(ex);
			}
		}
	}

	/**
	 * Handle an error that no connection can be blamed for. An {@link OutOfMemoryError}
	 * closes the connection holding the most input, or, if none holds any, ends the
	 * process.
	 * @param error the error
	 */
	private void onError(Throwable error) {
		if (!this.running || !this.selector.isOpen()) {
			return;
		}
		if (error instanceof OutOfMemoryError outOfMemory) {
			if (this.inputLimits.shedLargest()) {
				this.fatalErrors.outOfMemory(outOfMemory);
			}
			else {
				this.fatalErrors.uncontained(outOfMemory);
			}
			return;
		}
		try {
			logger.log(Level.WARNING, "udsrpc event loop error", error);
		}
		catch (Throwable ex) {
			// logging may need memory or a descriptor that is exhausted
		}
	}

}
