package dev.udsrpc.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;

/**
 * The calls of a client that wait for their responses, by id. Each call fails at its
 * timeout; every call fails at once when the connection is lost; and once the client is
 * closed, or its reader has failed, no call can start.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class PendingCalls {

	private final AtomicLong ids = new AtomicLong();

	private final Map<RpcId, Call> calls = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable RuntimeException> closed = new AtomicReference<>();

	private final Duration timeout;

	PendingCalls(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Start a call with a new id. It is failed already when the calls are closed.
	 * @param method the RPC method
	 * @param resultType the type to convert the result to
	 * @return the call, waiting for its response until the timeout
	 */
	Call start(String method, JavaType resultType) {
		Call call = new Call(RpcId.of(this.ids.incrementAndGet()), method, resultType);
		RuntimeException reason = this.closed.get();
		if (reason != null) {
			call.fail(reason);
			return call;
		}
		this.calls.put(call.id(), call);
		call.future().orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		call.future().whenComplete((result, ex) -> this.calls.remove(call.id(), call));
		reason = this.closed.get();
		if (reason != null) {
			// closed meanwhile, maybe after the calls were failed
			call.fail(reason);
		}
		return call;
	}

	/**
	 * Remove the call with the given id, to complete it.
	 * @param id the id of its request
	 * @return the call, or {@code null} if none waits with that id (it timed out, or the
	 * id is not one of this client's)
	 */
	@Nullable Call remove(RpcId id) {
		return this.calls.remove(id);
	}

	/**
	 * Fail every call waiting now, as no response to them can arrive any more.
	 * @param failure the exception to fail them with
	 */
	void failAll(RuntimeException failure) {
		for (Call call : this.calls.values()) {
			if (this.calls.remove(call.id(), call)) {
				call.fail(failure);
			}
		}
	}

	/**
	 * Fail every call waiting now and every call started from now on. Only the first
	 * reason counts.
	 * @param reason the exception to fail them with
	 */
	void close(RuntimeException reason) {
		this.closed.compareAndSet(null, reason);
		failAll(this.closed.get());
	}

	/**
	 * Wait for the result of a call.
	 * @param <T> the result type
	 * @param method the RPC method, for the messages
	 * @param future the future of the call
	 * @return the result
	 * @throws UdsRpcTimeoutException if the call timed out
	 * @throws RuntimeException what the call failed with
	 */
	<T> @Nullable T await(String method, CompletableFuture<@Nullable T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling '" + method + "'", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof TimeoutException) {
				throw new UdsRpcTimeoutException(method, this.timeout);
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause);
		}
	}

	/**
	 * Return how many calls wait.
	 * @return the number of calls
	 */
	int size() {
		return this.calls.size();
	}

	/**
	 * Return the cause of a failed future: the exception itself, not the
	 * {@link CompletionException} that wraps it for a dependent stage.
	 */
	static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	/**
	 * A call waiting for its response.
	 *
	 * @param id the id of its request
	 * @param method the RPC method
	 * @param resultType the type to convert the result to
	 * @param future completes with the converted result
	 */
	record Call(RpcId id, String method, JavaType resultType, CompletableFuture<@Nullable Object> future) {

		Call(RpcId id, String method, JavaType resultType) {
			this(id, method, resultType, new CompletableFuture<>());
		}

		void complete(@Nullable Object result) {
			this.future.complete(result);
		}

		void fail(Throwable ex) {
			this.future.completeExceptionally(unwrap(ex));
		}

	}

}
