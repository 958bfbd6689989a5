package dev.udsrpc.client;

import java.lang.System.Logger.Level;
import java.nio.file.Path;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.internal.JsonSlice;
import dev.udsrpc.protocol.internal.ServerMessage;
import dev.udsrpc.protocol.internal.ServerMessageDecoder;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands what a client's connection receives to whom it is for: a response to its pending
 * call, with the result converted to the call's type, and an event to the event
 * listeners. When the connection is lost the pending calls fail, and when its reader
 * failed no call can start any more.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class MessageDispatcher implements ClientTransport.Listener {

	private static final System.Logger logger = System.getLogger(UdsRpcClient.class.getName());

	private final Path socketPath;

	private final JsonMapper mapper;

	private final ServerMessageDecoder decoder;

	private final PendingCalls pending;

	private final EventListeners listeners;

	MessageDispatcher(Path socketPath, JsonMapper mapper, PendingCalls pending, EventListeners listeners) {
		this.socketPath = socketPath;
		this.mapper = mapper;
		this.decoder = new ServerMessageDecoder(mapper.tokenStreamFactory().streamReadConstraints());
		this.pending = pending;
		this.listeners = listeners;
	}

	@Override
	public void onLine(byte[] line) {
		dispatch(this.decoder.decode(line));
	}

	@Override
	public void onConnectionLost(RuntimeException lost) {
		this.pending.failAll(lost);
	}

	@Override
	public void onFailure(RuntimeException failure) {
		this.pending.close(failure);
	}

	private void dispatch(ServerMessage message) {
		if (message instanceof ServerMessage.Response response) {
			onResponse(response);
		}
		else if (message instanceof ServerMessage.Event event) {
			onEvent(event);
		}
		else if (message instanceof ServerMessage.Batch batch) {
			batch.messages().forEach(this::dispatch);
		}
		else if (message instanceof ServerMessage.Invalid invalid) {
			onInvalid(invalid);
		}
	}

	private void onResponse(ServerMessage.Response response) {
		PendingCalls.Call call = this.pending.remove(response.id());
		ServerMessage.ResponseError error = response.error();
		if (call == null) {
			if (error != null && response.id().isNull()) {
				logger.log(Level.WARNING, "The server of " + this.socketPath + " could not read a request: "
						+ error.code() + " " + error.message());
			}
			// else the answer to a call that timed out
			return;
		}
		if (error != null) {
			call.fail(new UdsRpcException(error.code(), error.message(), errorData(error.data())));
			return;
		}
		JsonSlice result = response.result();
		try {
			call.complete((result == null || result.isNull()) ? null
					: this.mapper.readValue(result.buffer(), result.offset(), result.length(), call.resultType()));
		}
		catch (JacksonException ex) {
			call.fail(new UdsRpcException(ErrorCodes.INTERNAL_ERROR,
					"Cannot convert the result of '" + call.method() + "': " + ex.getOriginalMessage()));
		}
	}

	private void onEvent(ServerMessage.Event event) {
		JsonSlice data = event.data();
		JsonNode tree;
		try {
			tree = (data != null) ? tree(data) : this.mapper.nullNode();
		}
		catch (JacksonException ex) {
			logger.log(Level.WARNING, "Ignoring the event '" + event.type() + "' from " + this.socketPath
					+ ": its data cannot be read: " + ex.getOriginalMessage());
			return;
		}
		this.listeners.dispatch(event.type(), tree);
	}

	private void onInvalid(ServerMessage.Invalid invalid) {
		PendingCalls.Call call = (invalid.id() != null) ? this.pending.remove(invalid.id()) : null;
		if (call != null) {
			call.fail(new UdsRpcException(ErrorCodes.INTERNAL_ERROR,
					"Invalid response to '" + call.method() + "': " + invalid.reason()));
		}
		else {
			logger.log(Level.WARNING, "Ignoring an invalid message from " + this.socketPath + ": " + invalid.reason());
		}
	}

	private @Nullable Object errorData(@Nullable JsonSlice data) {
		if (data == null) {
			return null;
		}
		try {
			return tree(data);
		}
		catch (JacksonException ex) {
			// the mapper refuses what the decoder read (say, it detects duplicate names):
			// the error still fails its call, with the data as the server wrote it
			return data.toJson();
		}
	}

	private JsonNode tree(JsonSlice value) {
		return this.mapper.readTree(value.buffer(), value.offset(), value.length());
	}

}
