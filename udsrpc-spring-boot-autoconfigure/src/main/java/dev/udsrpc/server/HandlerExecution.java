package dev.udsrpc.server;

import java.util.concurrent.ExecutorService;

import org.jspecify.annotations.Nullable;

/**
 * How a server runs its handlers, chosen once by the builder: the executor, whether the
 * server owns it (and shuts it down), when replies are written ({@link ReplyCoalescing}),
 * and how many requests of one connection may be in flight.
 *
 * @param executor the executor handlers run on
 * @param owned whether the server created the executor
 * @param coalescing when replies are written
 * @param requestShare the most requests of one connection in flight: at most
 * {@code maxRequestsInFlight}, and, with the built-in pool, at most three quarters of its
 * threads, so that one connection never occupies every worker
 * @param quickHandlersOnLoop whether the event loop runs quick handlers itself
 * ({@link QuickHandlers}): with the built-in pool, not with an executor the application
 * chose for its handlers
 * @author udsrpc authors
 * @since 0.1.0
 */
record HandlerExecution(ExecutorService executor, boolean owned, ReplyCoalescing coalescing, int requestShare,
		boolean quickHandlersOnLoop) {

	/**
	 * Choose how handlers run.
	 * @param executor the executor of the application, or {@code null}
	 * @param virtualThreads whether to run each handler on a virtual thread of its own
	 * @param poolName the name of the built-in pool's threads
	 * @param workerThreads the most threads of the built-in pool
	 * @param maxRequestsInFlight the most requests of one connection in flight
	 * @param quickHandlersOnLoop whether the event loop may run quick handlers itself
	 * @return the choice
	 */
	static HandlerExecution choose(@Nullable ExecutorService executor, boolean virtualThreads, String poolName,
			int workerThreads, int maxRequestsInFlight, boolean quickHandlersOnLoop) {
		if (executor != null) {
			// it may leave a task waiting while its threads block
			return new HandlerExecution(executor, false, ReplyCoalescing.WHILE_LINES_WAIT, maxRequestsInFlight, false);
		}
		if (virtualThreads) {
			return new HandlerExecution(VirtualThreads.executor("udsrpc-handler"), true,
					ReplyCoalescing.UNTIL_LINES_DONE, maxRequestsInFlight, false);
		}
		WorkerPool pool = new WorkerPool(poolName, workerThreads);
		// a pool that cannot add a thread may leave a task waiting too
		ReplyCoalescing coalescing = ReplyCoalescing.forExecutor(pool.canGrow());
		return new HandlerExecution(pool, true, coalescing,
				Math.min(maxRequestsInFlight, Math.max(1, workerThreads * 3 / 4)), quickHandlersOnLoop);
	}

}
