package dev.udsrpc.test;

import java.util.concurrent.Executor;

/**
 * An executor that runs each task on a new daemon thread, for tests that block (socket
 * reads, writes until closed). The common pool must not run them: with two cores it has a
 * single thread on recent JDKs, and handlers under test may need it.
 */
public final class TestThreads {

	/**
	 * Runs each task on a thread of its own.
	 */
	public static final Executor PER_TASK = (task) -> {
		Thread thread = new Thread(task, "test-blocking");
		thread.setDaemon(true);
		thread.start();
	};

	private TestThreads() {
	}

}
