package dev.udsrpc.protocol.internal;

import java.util.List;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;

/**
 * What one line that a server sent to a client decodes to.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see ServerMessageDecoder
 */
public sealed interface ServerMessage permits ServerMessage.Response, ServerMessage.Event, ServerMessage.Batch,
		ServerMessage.Invalid, ServerMessage.Ignored {

	/**
	 * The response to a request.
	 *
	 * @param id the id of the request, as the server echoed it ({@link RpcId#NULL} when
	 * the server could not tell the request's id)
	 * @param result the result, or {@code null} when the response has none
	 * @param error the error, or {@code null} for a success
	 */
	record Response(RpcId id, @Nullable JsonSlice result, @Nullable ResponseError error) implements ServerMessage {

	}

	/**
	 * The {@code error} of a response.
	 *
	 * @param code the error code ({@link ErrorCodes#INTERNAL_ERROR} when the server sent
	 * none that is an integer)
	 * @param message the error message (empty when the server sent none)
	 * @param data the error data, or {@code null} when the error has none
	 */
	record ResponseError(int code, String message, @Nullable JsonSlice data) {

	}

	/**
	 * An event pushed by the server: a Go dialect event ({@code type} and {@code data})
	 * or a JSON-RPC 2.0 notification ({@code method} and {@code params}).
	 *
	 * @param type the event type
	 * @param data the data, or {@code null} when the event has none
	 */
	record Event(String type, @Nullable JsonSlice data) implements ServerMessage {

	}

	/**
	 * A JSON-RPC 2.0 batch: its responses and events, in order.
	 *
	 * @param messages the messages ({@link Response}, {@link Event} or {@link Invalid})
	 */
	record Batch(List<ServerMessage> messages) implements ServerMessage {

	}

	/**
	 * A line that is neither a response nor an event a client can use.
	 *
	 * @param id the id the line carries, when it is a response to that request whose
	 * content is malformed; {@code null} when no request can be told
	 * @param reason why the line is invalid
	 */
	record Invalid(@Nullable RpcId id, String reason) implements ServerMessage {

	}

	/**
	 * A line a client has nothing to do with: a blank line, or a request from the server,
	 * which a client does not serve.
	 */
	record Ignored() implements ServerMessage {

	}

}
