package dev.udsrpc.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import dev.udsrpc.protocol.internal.Inbound;
import org.jspecify.annotations.Nullable;

/**
 * Runs the requests of one JSON-RPC 2.0 batch, each counting against the requests in
 * flight of its connection like a line of its own: the batch's line holds one, and the
 * batch takes as many more as the connection has left. Each one runs the batch's requests
 * one after the other, so requests beyond them wait in the batch until one finishes;
 * meanwhile the connection's further lines wait too. When every request has its response,
 * the batch is answered with one array.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class BatchCall {

	private final ServerConnection connection;

	private final List<Inbound> entries;

	private final Executor executor;

	private final EntryHandler handler;

	private final Consumer<Throwable> onError;

	private final AtomicReferenceArray<byte[]> responses;

	private final AtomicInteger pending;

	private final int[] requests;

	private final AtomicInteger nextRequest = new AtomicInteger();

	// shares taken beyond the line's own that are still held
	private final AtomicInteger extraShares = new AtomicInteger();

	private @Nullable Runnable complete;

	/**
	 * Prepare a batch.
	 * @param connection the connection it came from
	 * @param entries its entries
	 * @param executor runs the requests
	 * @param handler handles one request
	 * @param onError called with an error a handler threw, to close the connection
	 */
	BatchCall(ServerConnection connection, List<Inbound> entries, Executor executor, EntryHandler handler,
			Consumer<Throwable> onError) {
		this.connection = connection;
		this.entries = entries;
		this.executor = executor;
		this.handler = handler;
		this.onError = onError;
		this.responses = new AtomicReferenceArray<>(entries.size());
		this.pending = new AtomicInteger(entries.size());
		this.requests = IntStream.range(0, entries.size())
			.filter((index) -> entries.get(index) instanceof Inbound.Request)
			.toArray();
	}

	/**
	 * Return the entries.
	 * @return the entries
	 */
	List<Inbound> entries() {
		return this.entries;
	}

	/**
	 * Return the response of an entry.
	 * @param index the index of the entry
	 * @return its response, or {@code null} for none (yet)
	 */
	byte @Nullable [] response(int index) {
		return this.responses.get(index);
	}

	/**
	 * Answer the entries that are not requests, and start the requests on the calling
	 * thread and the further shares of its connection.
	 * @param answer the response of an entry that is not a request
	 * @param complete called once every entry has its response
	 */
	void start(EntryAnswer answer, Runnable complete) {
		this.complete = complete;
		for (int i = 0; i < this.entries.size(); i++) {
			if (!(this.entries.get(i) instanceof Inbound.Request)) {
				completed(i, answer.of(this.entries.get(i)));
			}
		}
		if (this.requests.length == 0) {
			return;
		}
		int extra = this.connection.takeShares(this.requests.length - 1);
		this.extraShares.set(extra);
		for (int i = 0; i < extra; i++) {
			try {
				this.executor.execute(this::run);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: the shares that do run take the requests
				releaseShare();
			}
		}
		run();
	}

	/**
	 * Run requests of the batch one after the other until none is left or one completes
	 * later, whose completion then goes on with the share.
	 */
	private void run() {
		int next;
		while ((next = this.nextRequest.getAndIncrement()) < this.requests.length) {
			int index = this.requests[next];
			Inbound.Request request = (Inbound.Request) this.entries.get(index);
			boolean[] inline = new boolean[1];
			try {
				this.handler.handle(request, (response, onThisThread) -> {
					inline[0] = onThisThread;
					completed(index, response);
					if (!onThisThread) {
						goOn();
					}
				});
			}
			catch (Throwable ex) {
				this.onError.accept(ex);
				abandonRest(index);
				return;
			}
			if (!inline[0]) {
				return;
			}
		}
		releaseShare();
	}

	private void goOn() {
		try {
			this.executor.execute(this::run);
		}
		catch (RejectedExecutionException ex) {
			run();
		}
	}

	private void abandonRest(int failed) {
		completed(failed, null);
		int next;
		while ((next = this.nextRequest.getAndIncrement()) < this.requests.length) {
			completed(this.requests[next], null);
		}
		releaseShare();
	}

	private void releaseShare() {
		// the last share is the line's own, released with its response
		if (this.extraShares.getAndDecrement() > 0) {
			this.connection.releaseShares(1);
		}
	}

	private void completed(int index, byte @Nullable [] response) {
		this.responses.set(index, response);
		if (this.pending.decrementAndGet() == 0) {
			Objects.requireNonNull(this.complete).run();
		}
	}

	/**
	 * Handles one request of a batch.
	 */
	@FunctionalInterface
	interface EntryHandler {

		/**
		 * Handle a request.
		 * @param request the request
		 * @param done receives its response
		 */
		void handle(Inbound.Request request, RequestHandler.Completion done);

	}

	/**
	 * Answers an entry that is not a request.
	 */
	@FunctionalInterface
	interface EntryAnswer {

		/**
		 * Return the response to an entry.
		 * @param entry the entry
		 * @return the response, or {@code null} for none
		 */
		byte @Nullable [] of(Inbound entry);

	}

}
