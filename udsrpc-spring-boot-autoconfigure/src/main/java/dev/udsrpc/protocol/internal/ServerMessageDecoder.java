package dev.udsrpc.protocol.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.internal.ServerMessage.ResponseError;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Decodes one line that a server sent to a client into a {@link ServerMessage}: the
 * client's side of {@link MessageDecoder}. Only the envelope is read: the {@code result},
 * the error {@code data} and the event {@code data} are validated and kept as slices of
 * the line, so that the client binds each once, to the type it expects. Never throws for
 * any input.
 * <p>
 * Members are told apart as the server tells requests: {@code type} (a non-empty string)
 * makes an event, {@code method} without {@code id} a JSON-RPC 2.0 notification, which is
 * an event too, and {@code id} a response. Other members are ignored, and a member
 * repeated makes the message invalid, since which of its values counts is for no one to
 * guess.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class ServerMessageDecoder {

	private static final ServerMessage IGNORED = new ServerMessage.Ignored();

	private final JsonFactory jsonFactory;

	/**
	 * Create a decoder with Jackson's default stream read constraints.
	 */
	public ServerMessageDecoder() {
		this(StreamReadConstraints.defaults());
	}

	/**
	 * Create a decoder that enforces the given constraints (nesting depth, number and
	 * string lengths).
	 * @param constraints the constraints
	 */
	public ServerMessageDecoder(StreamReadConstraints constraints) {
		Objects.requireNonNull(constraints, "'constraints' must not be null");
		this.jsonFactory = JsonFactory.builder().streamReadConstraints(constraints).build();
	}

	/**
	 * Decode one line (without its line terminator).
	 * @param line the line; kept by the returned slices, so not to be reused
	 * @return the decoded message
	 */
	public ServerMessage decode(byte[] line) {
		return decode(line, 0, line.length);
	}

	/**
	 * Decode one line (without its line terminator).
	 * @param buffer the buffer holding the line; kept by the returned slices, so not to
	 * be reused
	 * @param offset the start of the line
	 * @param length the length of the line
	 * @return the decoded message
	 */
	public ServerMessage decode(byte[] buffer, int offset, int length) {
		try (JsonParser parser = this.jsonFactory.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				return IGNORED;
			}
			ServerMessage message;
			if (token == JsonToken.START_ARRAY) {
				message = decodeBatch(parser, buffer, offset);
			}
			else if (token == JsonToken.START_OBJECT) {
				message = decodeObject(parser, buffer, offset);
			}
			else {
				parser.skipChildren();
				message = new ServerMessage.Invalid(null, "a message must be a JSON object or array");
			}
			if (parser.nextToken() != null) {
				String reason = "unexpected content after the JSON value";
				return new ServerMessage.Invalid(
						(message instanceof ServerMessage.Response response) ? response.id() : null, reason);
			}
			return message;
		}
		catch (JacksonException ex) {
			String detail = ex.getOriginalMessage();
			return new ServerMessage.Invalid(null,
					(detail != null) ? "parse error: " + firstLine(detail) : "parse error");
		}
	}

	private ServerMessage decodeBatch(JsonParser parser, byte[] buffer, int offset) {
		List<ServerMessage> messages = new ArrayList<>();
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (token == JsonToken.START_OBJECT) {
				ServerMessage message = decodeObject(parser, buffer, offset);
				if (!(message instanceof ServerMessage.Ignored)) {
					messages.add(message);
				}
			}
			else {
				parser.skipChildren();
				messages.add(new ServerMessage.Invalid(null, "a batch entry must be a JSON object"));
			}
		}
		return new ServerMessage.Batch(List.copyOf(messages));
	}

	private ServerMessage decodeObject(JsonParser parser, byte[] buffer, int offset) {
		ServerEnvelope envelope = new ServerEnvelope();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "id" -> {
					envelope.see(ServerEnvelope.ID, name);
					envelope.id = readId(parser, value);
				}
				case "result" -> {
					envelope.see(ServerEnvelope.RESULT, name);
					envelope.result = slice(parser, value, buffer, offset);
				}
				case "error" -> {
					envelope.see(ServerEnvelope.ERROR, name);
					envelope.error = slice(parser, value, buffer, offset);
				}
				case "type" -> {
					envelope.see(ServerEnvelope.TYPE, name);
					envelope.type = text(parser, value);
				}
				case "data" -> {
					envelope.see(ServerEnvelope.DATA, name);
					envelope.data = slice(parser, value, buffer, offset);
				}
				case "method" -> {
					envelope.see(ServerEnvelope.METHOD, name);
					envelope.method = text(parser, value);
				}
				case "params" -> {
					envelope.see(ServerEnvelope.PARAMS, name);
					envelope.params = slice(parser, value, buffer, offset);
				}
				default -> parser.skipChildren();
			}
		}
		return toMessage(envelope);
	}

	private ServerMessage toMessage(ServerEnvelope envelope) {
		RpcId id = envelope.id;
		if (envelope.duplicate != null) {
			return new ServerMessage.Invalid(envelope.has(ServerEnvelope.DUPLICATE_ID) ? null : id, envelope.duplicate);
		}
		String type = envelope.type;
		if (type != null && !type.isEmpty()) {
			return new ServerMessage.Event(type, envelope.data);
		}
		String method = envelope.method;
		if (method != null) {
			// a request from the server: a client serves none
			return envelope.has(ServerEnvelope.ID) ? IGNORED : new ServerMessage.Event(method, envelope.params);
		}
		if (!envelope.has(ServerEnvelope.ID)) {
			return new ServerMessage.Invalid(null, "neither a response (no id) nor an event (no type)");
		}
		if (id == null) {
			return new ServerMessage.Invalid(null, "id must be a number, a string or null");
		}
		JsonSlice error = envelope.error;
		if (error == null || error.isNull()) {
			return new ServerMessage.Response(id, envelope.result, null);
		}
		ResponseError decoded = decodeError(error);
		return (decoded != null) ? new ServerMessage.Response(id, null, decoded)
				: new ServerMessage.Invalid(id, "error must be an object, but was " + error.toJson());
	}

	private @Nullable ResponseError decodeError(JsonSlice error) {
		try (JsonParser parser = this.jsonFactory.createParser(ObjectReadContext.empty(), error.buffer(),
				error.offset(), error.length())) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			int code = ErrorCodes.INTERNAL_ERROR;
			String message = "";
			JsonSlice data = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "code" -> {
						if (value == JsonToken.VALUE_NUMBER_INT
								&& parser.getNumberType() == JsonParser.NumberType.INT) {
							code = parser.getIntValue();
						}
					}
					case "message" -> {
						String text = text(parser, value);
						message = (text != null) ? text : "";
					}
					case "data" -> data = slice(parser, value, error.buffer(), error.offset());
					default -> parser.skipChildren();
				}
			}
			return new ResponseError(code, message, data);
		}
	}

	private static @Nullable String text(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_STRING) {
			return parser.getText();
		}
		parser.skipChildren();
		return null;
	}

	private static @Nullable RpcId readId(JsonParser parser, JsonToken value) {
		return switch (value) {
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> RpcId.ofNumberText(parser.getText());
			case VALUE_STRING -> RpcId.ofString(parser.getText());
			case VALUE_NULL -> RpcId.NULL;
			default -> {
				parser.skipChildren();
				yield null;
			}
		};
	}

	private static JsonSlice slice(JsonParser parser, JsonToken value, byte[] buffer, int offset) {
		// byte offsets count from the start of the parsed range, not of the buffer
		int start = offset + (int) parser.currentTokenLocation().getByteOffset();
		if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
			parser.skipChildren();
		}
		else {
			parser.finishToken();
		}
		int end = offset + (int) parser.currentLocation().getByteOffset();
		return new JsonSlice(buffer, start, end - start, value == JsonToken.VALUE_NULL);
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

}
