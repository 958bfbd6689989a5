package dev.udsrpc.server;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.RpcCall;
import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.internal.Inbound;
import dev.udsrpc.protocol.internal.JsonLineBuilder;
import dev.udsrpc.protocol.internal.MessageEncoder;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles one decoded request: finds its handler, invokes it with the call's connection
 * as context, and encodes its result or failure as the response, telling the call
 * observer how it went.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class RequestHandler {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final HandlerRegistry registry;

	private final JsonMapper mapper;

	// writers by result class: finds the root serializer once, not per response
	private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();

	private final UdsRpcCallObserver observer;

	private final BooleanSupplier shuttingDown;

	private final BiConsumer<ServerConnection, Throwable> unexpected;

	private final @Nullable QuickHandlers quick;

	/**
	 * Create a handler.
	 * @param registry the handlers
	 * @param observer the observer of calls
	 * @param shuttingDown whether the server shuts down, and refuses new requests
	 * @param unexpected closes a connection after an unexpected error
	 * @param quick records how long handlers take, or {@code null} if no handler runs on
	 * the event loop
	 */
	RequestHandler(HandlerRegistry registry, UdsRpcCallObserver observer, BooleanSupplier shuttingDown,
			BiConsumer<ServerConnection, Throwable> unexpected, @Nullable QuickHandlers quick) {
		this.registry = registry;
		this.mapper = registry.jsonMapper();
		this.observer = observer;
		this.shuttingDown = shuttingDown;
		this.unexpected = unexpected;
		this.quick = quick;
	}

	/**
	 * Return whether a decoded line is answered quickly enough for the event loop to
	 * handle it itself: an error, or a request of a {@link QuickHandlers quick} handler
	 * or of none; never a batch.
	 * @param inbound the decoded line
	 * @return whether the event loop may handle it
	 */
	boolean isQuick(Inbound inbound) {
		if (inbound instanceof Inbound.Request request) {
			HandlerMethod handler = this.registry.get(request.method());
			return handler == null || (this.quick != null && this.quick.isQuick(handler));
		}
		return !(inbound instanceof Inbound.Batch);
	}

	/**
	 * Handle a request.
	 * @param connection the connection it came from
	 * @param request the request
	 * @param done receives the response, on this thread if the handler returned it, or
	 * later where a returned {@link CompletionStage} completes
	 * @throws Error what the handler threw: not an answer, the caller closes the
	 * connection
	 */
	void handle(ServerConnection connection, Inbound.Request request, Completion done) {
		UdsRpcCallObserver.Call call = this.observer.start(request.method(), request.id(), request.dialect(),
				connection);
		if (this.shuttingDown.getAsBoolean()) {
			done.complete(refused(request, call, ErrorCodes.SHUTTING_DOWN, "server is shutting down"), true);
			return;
		}
		HandlerMethod handler = this.registry.get(request.method());
		if (handler == null) {
			done.complete(refused(request, call, ErrorCodes.METHOD_NOT_FOUND, "method not found: " + request.method()),
					true);
			return;
		}
		Object result;
		long start = System.nanoTime();
		try {
			result = handler.invoke(new RpcCall(request.method(), request.params(), connection::context));
		}
		catch (Error ex) {
			call.failed(ErrorCodes.INTERNAL_ERROR, String.valueOf(ex), ex);
			throw ex;
		}
		catch (Throwable ex) {
			returned(handler, start);
			done.complete(reply(request, failure(request, ex, call)), true);
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			if (this.quick != null) {
				this.quick.completesLater(handler);
			}
			stage.whenComplete((value, ex) -> completeLater(connection, request, call, value, ex, done));
			return;
		}
		returned(handler, start);
		done.complete(reply(request, success(request, result, call)), true);
	}

	private void returned(HandlerMethod handler, long start) {
		if (this.quick != null) {
			this.quick.returned(handler, System.nanoTime() - start);
		}
	}

	private void completeLater(ServerConnection connection, Inbound.Request request, UdsRpcCallObserver.Call call,
			@Nullable Object value, @Nullable Throwable ex, Completion done) {
		try {
			Throwable cause = unwrap(ex);
			if (cause instanceof Error error) {
				call.failed(ErrorCodes.INTERNAL_ERROR, String.valueOf(error), error);
				throw error;
			}
			done.complete(reply(request, (ex != null) ? failure(request, ex, call) : success(request, value, call)),
					false);
		}
		catch (Throwable unexpected) {
			this.unexpected.accept(connection, unexpected);
			done.complete(null, false);
		}
	}

	private byte @Nullable [] refused(Inbound.Request request, UdsRpcCallObserver.Call call, int code, String message) {
		call.failed(code, message, null);
		return reply(request, error(request.dialect(), request.id(), code, message, null));
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		Throwable ex = failure;
		while (ex instanceof CompletionException && ex.getCause() != null) {
			ex = ex.getCause();
		}
		return ex;
	}

	private static byte @Nullable [] reply(Inbound.Request request, byte[] response) {
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
		Throwable ex = unwrap(failure);
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

	/**
	 * Return the error a request gets when the server shuts down before it completes.
	 * @param dialect the dialect of the request
	 * @param id its id
	 * @return the error response
	 */
	byte[] abandoned(Dialect dialect, RpcId id) {
		return error(dialect, id, ErrorCodes.SHUTTING_DOWN, "server shut down before the request completed", null);
	}

	/**
	 * Encode an error response.
	 * @param dialect the dialect
	 * @param id the id
	 * @param code the error code
	 * @param message the error message
	 * @param data the error data, or {@code null}
	 * @return the response
	 */
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
		 * @param onTakingWorker whether the handler returned it on the worker that took
		 * the request (rather than completing later, elsewhere)
		 */
		void complete(byte @Nullable [] response, boolean onTakingWorker);

	}

}
