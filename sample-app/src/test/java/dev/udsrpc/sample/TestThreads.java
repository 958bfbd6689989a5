package dev.udsrpc.sample;

import java.util.concurrent.Executor;

/**
 * An executor that runs each task on a new daemon thread, for tests that block on a
 * socket. The common pool must not run them: with two cores it has a single thread on
 * recent JDKs.
 */
final class TestThreads {

	static final Executor PER_TASK = (task) -> {
		Thread thread = new Thread(task, "test-blocking");
		thread.setDaemon(true);
		thread.start();
	};

	private TestThreads() {
	}

}
