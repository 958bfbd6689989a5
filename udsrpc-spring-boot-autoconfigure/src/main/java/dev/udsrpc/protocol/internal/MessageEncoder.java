package dev.udsrpc.protocol.internal;

import java.util.List;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;

/**
 * Writes the envelopes of outgoing messages in either dialect. Values inside an envelope
 * ({@code result}, error {@code data}, event {@code data}) are written by the caller,
 * with the application's mapper, between a {@code begin…} and an {@code end…} call, so a
 * message is serialized once, straight into its final buffer.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class MessageEncoder {

	private static final String JSONRPC = "{\"jsonrpc\":\"2.0\",";

	private MessageEncoder() {
	}

	/**
	 * Begin a success response: what follows is the {@code result} value.
	 * @param out the builder
	 * @param dialect the dialect of the request
	 * @param id the id of the request
	 */
	public static void beginResult(JsonLineBuilder out, Dialect dialect, RpcId id) {
		beginResponse(out, dialect, id);
		out.appendAscii(",\"result\":");
	}

	/**
	 * End a success response started by {@link #beginResult}.
	 * @param out the builder
	 */
	public static void endResult(JsonLineBuilder out) {
		out.appendAscii("}\n");
	}

	/**
	 * Write a complete error response.
	 * @param out the builder
	 * @param dialect the dialect of the request
	 * @param id the id of the request
	 * @param code the error code
	 * @param message the error message
	 * @param data the JSON text of the error data, or {@code null} for none
	 */
	public static void error(JsonLineBuilder out, Dialect dialect, RpcId id, int code, String message,
			byte @Nullable [] data) {
		beginResponse(out, dialect, id);
		out.appendAscii(",\"error\":{\"code\":").appendInt(code).appendAscii(",\"message\":").appendQuoted(message);
		if (data != null) {
			out.appendAscii(",\"data\":").append(data);
		}
		out.appendAscii("}}\n");
	}

	/**
	 * Return a complete error response.
	 * @param dialect the dialect of the request
	 * @param id the id of the request
	 * @param code the error code
	 * @param message the error message
	 * @return the message, with its line terminator
	 */
	public static byte[] error(Dialect dialect, RpcId id, int code, String message) {
		JsonLineBuilder out = new JsonLineBuilder(64 + message.length());
		error(out, dialect, id, code, message, null);
		return out.toByteArray();
	}

	/**
	 * Begin an event: what follows is its {@code data} value, which must be written
	 * unless {@code hasData} is {@code false}.
	 * @param out the builder
	 * @param dialect the dialect of the receiving connection
	 * @param type the event type
	 * @param hasData whether a data value follows; a Go dialect event without data
	 * carries {@code "data":null}, a JSON-RPC 2.0 notification has no {@code params}
	 */
	public static void beginEvent(JsonLineBuilder out, Dialect dialect, String type, boolean hasData) {
		if (dialect == Dialect.JSON_RPC_2) {
			out.appendAscii(JSONRPC).appendAscii("\"method\":").appendQuoted(type);
			if (hasData) {
				out.appendAscii(",\"params\":");
			}
		}
		else {
			out.appendAscii("{\"type\":").appendQuoted(type).appendAscii(",\"data\":");
			if (!hasData) {
				out.appendAscii("null");
			}
		}
	}

	/**
	 * End an event started by {@link #beginEvent}.
	 * @param out the builder
	 */
	public static void endEvent(JsonLineBuilder out) {
		out.appendAscii("}\n");
	}

	/**
	 * Begin a Go dialect request: what follows is its {@code params} value, which must be
	 * written unless {@code hasParams} is {@code false}.
	 * @param out the builder
	 * @param id the id of the request
	 * @param method the method
	 * @param hasParams whether a params value follows
	 * @since 0.1.0
	 */
	public static void beginRequest(JsonLineBuilder out, RpcId id, String method, boolean hasParams) {
		out.appendAscii("{\"id\":").append(id).appendAscii(",\"method\":").appendQuoted(method);
		if (hasParams) {
			out.appendAscii(",\"params\":");
		}
	}

	/**
	 * End a request started by {@link #beginRequest}.
	 * @param out the builder
	 * @since 0.1.0
	 */
	public static void endRequest(JsonLineBuilder out) {
		out.appendAscii("}\n");
	}

	/**
	 * Join the responses to the entries of a batch into one batch response.
	 * @param responses the responses, each with its line terminator
	 * @return the batch response, with its line terminator
	 */
	public static byte[] batch(List<byte[]> responses) {
		int size = 2;
		for (byte[] response : responses) {
			size += response.length;
		}
		JsonLineBuilder out = new JsonLineBuilder(size);
		out.write('[');
		for (int i = 0; i < responses.size(); i++) {
			byte[] response = responses.get(i);
			if (i > 0) {
				out.write(',');
			}
			out.write(response, 0, response.length - 1);
		}
		out.appendAscii("]\n");
		return out.toByteArray();
	}

	private static void beginResponse(JsonLineBuilder out, Dialect dialect, RpcId id) {
		if (dialect == Dialect.JSON_RPC_2) {
			out.appendAscii(JSONRPC).appendAscii("\"id\":").append(id);
		}
		else {
			out.appendAscii("{\"id\":").append(id);
		}
	}

}
