package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.RpcCall;
import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.Inbound;
import dev.udsrpc.protocol.JsonLineBuilder;
import dev.udsrpc.protocol.MessageDecoder;
import dev.udsrpc.protocol.MessageEncoder;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes received lines on worker threads, invokes handlers and queues the responses.
 *
 * @author udsrpc authors
 */
final class RequestDispatcher {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final HandlerRegistry registry;

	private final JsonMapper mapper;

	/**
	 * Writers by result class: finds the root serializer once, not per response.
	 */
	private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();

	private final MessageDecoder decoder;

	private final Executor executor;

	private final UdsRpcServer server;

	private final UdsRpcCallObserver observer;

	RequestDispatcher(HandlerRegistry registry, MessageDecoder decoder, Executor executor, UdsRpcServer server) {
		this.registry = registry;
		this.mapper = registry.jsonMapper();
		this.decoder = decoder;
		this.executor = executor;
		this.server = server;
		this.observer = server.callObserver();
	}

	/**
	 * Handle the lines of one read of a connection. Called on the event loop.
	 * @param connection the connection the lines came from
	 * @param lines the lines
	 */
	void dispatch(ServerConnection connection, byte[][] lines) {
		Lines task = new Lines(connection, lines);
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			task.refuse();
		}
	}

	/**
	 * The lines of one read, handed to the workers as one task: a worker takes them one
	 * after the other, and writes the replies it kept when it has none left. Before it
	 * runs a handler while lines remain or replies wait, it makes sure another task for
	 * the same lines waits in the executor, so that a slow handler holds back neither the
	 * lines after it nor the replies before it: a free worker takes the lines, or, with
	 * none left, writes the replies.
	 */
	private final class Lines implements Runnable {

		private final ServerConnection connection;

		private final byte[][] lines;

		private final AtomicInteger next = new AtomicInteger();

		private final AtomicBoolean helperQueued = new AtomicBoolean();

		Lines(ServerConnection connection, byte[][] lines) {
			this.connection = connection;
			this.lines = lines;
		}

		@Override
		public void run() {
			int index = -1;
			try {
				while ((index = this.next.getAndIncrement()) < this.lines.length) {
					if ((index + 1 < this.lines.length || this.connection.hasDeferred()) && !this.helperQueued.get()) {
						queueHelper();
					}
					process(this.connection, this.lines[index]);
				}
				this.connection.flushDeferred();
			}
			catch (Throwable ex) {
				// process() handles its own failures: this is the worker's bookkeeping
				unexpected(this.connection, ex);
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
					RequestDispatcher.this.executor.execute(this::help);
				}
				catch (RejectedExecutionException ex) {
					// shutting down: this worker takes the remaining lines itself
				}
			}
		}

		void refuse() {
			int index;
			while ((index = this.next.getAndIncrement()) < this.lines.length) {
				this.connection.requestStarted();
				this.connection.send(MessageEncoder.error(Dialect.JSON_RPC_2, RpcId.NULL, ErrorCodes.SHUTTING_DOWN,
						"server is shutting down"));
				this.connection.requestDone(this.lines[index]);
			}
		}

	}

	private void process(ServerConnection connection, byte[] line) {
		try {
			connection.requestStarted();
			Inbound inbound = this.decoder.decode(line);
			if (inbound instanceof Inbound.Request request) {
				if (request.dialect() == Dialect.JSON_RPC_2) {
					connection.markJsonRpc2();
				}
				else {
					connection.markGo();
				}
				PendingReply reply = request.notification() ? null
						: connection.expectReply(() -> abandoned(request.dialect(), request.id()));
				handle(connection, request, (response, inline) -> {
					if (reply != null) {
						connection.reply(reply, response, inline);
					}
					connection.requestDone(line);
				});
			}
			else if (inbound instanceof Inbound.Invalid invalid) {
				if (invalid.dialect() == Dialect.JSON_RPC_2 && invalid.code() != ErrorCodes.PARSE_ERROR) {
					connection.markJsonRpc2();
				}
				// a line that is not JSON has no dialect of its own: answer in the
				// connection's
				Dialect dialect = (invalid.code() == ErrorCodes.PARSE_ERROR) ? connection.errorDialect()
						: invalid.dialect();
				connection.send(error(dialect, invalid.id(), invalid.code(), invalid.message(), null));
				connection.requestDone(line);
			}
			else if (inbound instanceof Inbound.Batch batch) {
				connection.markJsonRpc2();
				handleBatch(connection, batch, line);
			}
			else {
				connection.requestDone(line);
			}
		}
		catch (Throwable ex) {
			unexpected(connection, ex);
			connection.requestDone(line);
		}
	}

	/**
	 * Close a connection after an error nobody expected while handling its input: a
	 * handler's {@link Error}, or a failure of the server itself.
	 * @param connection the connection
	 * @param error the error
	 */
	private void unexpected(ServerConnection connection, Throwable error) {
		connection.closeNow();
		this.server.fatalErrors().closing(error, connection);
	}

	private void handleBatch(ServerConnection connection, Inbound.Batch batch, byte[] line) {
		BatchCall call = new BatchCall(connection, batch.entries(), this.executor,
				(request, done) -> handle(connection, request, done), (ex) -> unexpected(connection, ex));
		PendingReply reply = connection.expectReply(() -> batchResponse(call, true));
		call.start(
				(entry) -> (entry instanceof Inbound.Invalid invalid)
						? error(invalid.dialect(), invalid.id(), invalid.code(), invalid.message(), null) : null,
				() -> {
					connection.reply(reply, batchResponse(call, false));
					connection.requestDone(line);
				});
	}

	private byte @Nullable [] batchResponse(BatchCall call, boolean abandoned) {
		List<Inbound> entries = call.entries();
		List<byte[]> collected = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			byte[] response = call.response(i);
			if (response == null && abandoned && entries.get(i) instanceof Inbound.Request request
					&& !request.notification()) {
				response = abandoned(request.dialect(), request.id());
			}
			if (response != null) {
				collected.add(response);
			}
		}
		return collected.isEmpty() ? null : MessageEncoder.batch(collected);
	}

	private byte[] abandoned(Dialect dialect, RpcId id) {
		return error(dialect, id, ErrorCodes.SHUTTING_DOWN, "server shut down before the request completed", null);
	}

	private void handle(ServerConnection connection, Inbound.Request request, Completion done) {
		UdsRpcCallObserver.Call call = this.observer.start(request.method(), request.id(), request.dialect(),
				connection);
		if (this.server.isShuttingDown()) {
			call.failed(ErrorCodes.SHUTTING_DOWN, "server is shutting down", null);
			done.complete(reply(request,
					error(request.dialect(), request.id(), ErrorCodes.SHUTTING_DOWN, "server is shutting down", null)),
					true);
			return;
		}
		HandlerMethod handler = this.registry.get(request.method());
		if (handler == null) {
			call.failed(ErrorCodes.METHOD_NOT_FOUND, "method not found: " + request.method(), null);
			done.complete(reply(request, error(request.dialect(), request.id(), ErrorCodes.METHOD_NOT_FOUND,
					"method not found: " + request.method(), null)), true);
			return;
		}
		Object result;
		try {
			result = handler.invoke(new RpcCall(request.method(), request.params(), connection::context));
		}
		catch (Error ex) {
			// not an answer: the connection is closed by whoever takes its lines
			call.failed(ErrorCodes.INTERNAL_ERROR, String.valueOf(ex), ex);
			throw ex;
		}
		catch (Throwable ex) {
			done.complete(reply(request, failure(request, ex, call)), true);
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, ex) -> {
				try {
					Throwable cause = unwrap(ex);
					if (cause instanceof Error error) {
						call.failed(ErrorCodes.INTERNAL_ERROR, String.valueOf(error), error);
						throw error;
					}
					done.complete(
							reply(request, (ex != null) ? failure(request, ex, call) : success(request, value, call)),
							false);
				}
				catch (Throwable unexpected) {
					unexpected(connection, unexpected);
					done.complete(null, false);
				}
			});
			return;
		}
		done.complete(reply(request, success(request, result, call)), true);
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		Throwable ex = failure;
		while (ex instanceof CompletionException && ex.getCause() != null) {
			ex = ex.getCause();
		}
		return ex;
	}

	private byte @Nullable [] reply(Inbound.Request request, byte[] response) {
		return request.notification() ? null : response;
	}

	private byte[] success(Inbound.Request request, @Nullable Object value, UdsRpcCallObserver.Call call) {
		JsonLineBuilder out = new JsonLineBuilder(128);
		MessageEncoder.beginResult(out, request.dialect(), request.id());
		int start = out.length();
		try {
			if (value == null) {
				this.mapper.writeValue(out, null);
			}
			else {
				this.writers.computeIfAbsent(value.getClass(), this.mapper::writerFor).writeValue(out, value);
			}
		}
		catch (JacksonException ex) {
			out.truncate(start);
			logger.log(Level.WARNING, "Cannot serialize the result of " + request.method(), ex);
			String message = "cannot serialize result: " + ex.getOriginalMessage();
			call.failed(ErrorCodes.INTERNAL_ERROR, message, ex);
			return error(request.dialect(), request.id(), ErrorCodes.INTERNAL_ERROR, message, null);
		}
		call.succeeded();
		MessageEncoder.endResult(out);
		return out.toByteArray();
	}

	private byte[] failure(Inbound.Request request, Throwable failure, UdsRpcCallObserver.Call call) {
		Throwable ex = failure;
		while (ex instanceof CompletionException && ex.getCause() != null) {
			ex = ex.getCause();
		}
		if (ex instanceof UdsRpcException rpc) {
			call.failed(rpc.code(), rpc.getMessage(), rpc);
			return error(request.dialect(), request.id(), rpc.code(), rpc.getMessage(), rpc.data());
		}
		Throwable logged = ex;
		logger.log(Level.WARNING, () -> "Handler for '" + request.method() + "' failed", logged);
		// the exception's class tells a client about the implementation, not the request
		String message = (ex.getMessage() != null) ? ex.getMessage() : "internal error";
		call.failed(ErrorCodes.INTERNAL_ERROR, message, ex);
		return error(request.dialect(), request.id(), ErrorCodes.INTERNAL_ERROR, message, null);
	}

	byte[] error(Dialect dialect, RpcId id, int code, String message, @Nullable Object data) {
		byte[] dataJson = null;
		if (data != null) {
			try {
				dataJson = this.mapper.writeValueAsBytes(data);
			}
			catch (JacksonException ex) {
				logger.log(Level.WARNING, "Cannot serialize error data", ex);
			}
		}
		JsonLineBuilder out = new JsonLineBuilder(64 + message.length());
		MessageEncoder.error(out, dialect, id, code, message, dataJson);
		return out.toByteArray();
	}

	/**
	 * Receives the response of a request.
	 */
	@FunctionalInterface
	interface Completion {

		/**
		 * Take the response.
		 * @param response the response, or {@code null} for none
		 * @param inline whether the handler returned it on the worker that took the
		 * request (rather than completing later, elsewhere)
		 */
		void complete(byte @Nullable [] response, boolean inline);

	}

}
