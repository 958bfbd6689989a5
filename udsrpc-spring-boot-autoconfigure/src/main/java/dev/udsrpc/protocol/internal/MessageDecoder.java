package dev.udsrpc.protocol.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.RpcParams;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Decodes one line of the wire protocol into an {@link Inbound}. Only the envelope is
 * read: the {@code params} value is validated and kept as a slice of the line, so that
 * handlers bind it with the application's own mapper. Never throws for any input.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class MessageDecoder {

	private static final Inbound IGNORED = new Inbound.Ignored();

	/**
	 * The default most entries of a batch.
	 */
	public static final int DEFAULT_MAX_BATCH_SIZE = 1000;

	private final JsonFactory jsonFactory;

	private final int maxBatchSize;

	/**
	 * Create a decoder with Jackson's default stream read constraints.
	 */
	public MessageDecoder() {
		this(StreamReadConstraints.defaults());
	}

	/**
	 * Create a decoder that enforces the given constraints (nesting depth, number and
	 * string lengths).
	 * @param constraints the constraints
	 */
	public MessageDecoder(StreamReadConstraints constraints) {
		this(constraints, DEFAULT_MAX_BATCH_SIZE);
	}

	/**
	 * Create a decoder that enforces the given constraints (nesting depth, number and
	 * string lengths) and a most number of entries of a batch.
	 * @param constraints the constraints
	 * @param maxBatchSize the most entries of a batch; a longer batch is one invalid
	 * request
	 * @since 0.1.0
	 */
	public MessageDecoder(StreamReadConstraints constraints, int maxBatchSize) {
		Objects.requireNonNull(constraints, "'constraints' must not be null");
		if (maxBatchSize <= 0) {
			throw new IllegalArgumentException("'maxBatchSize' must be positive");
		}
		// lines are decoded by a few long-lived worker threads: a buffer per thread
		// avoids the contention of Jackson's shared pool
		this.jsonFactory = JsonFactory.builder()
			.streamReadConstraints(constraints)
			.recyclerPool(JsonRecyclerPools.threadLocalPool())
			.build();
		this.maxBatchSize = maxBatchSize;
	}

	/**
	 * Decode one line (without its line terminator).
	 * @param line the buffer holding the line; kept by the returned params, so not to be
	 * reused
	 * @return the decoded message
	 */
	public Inbound decode(byte[] line) {
		return decode(line, 0, line.length);
	}

	/**
	 * Decode one line (without its line terminator).
	 * @param buffer the buffer holding the line; kept by the returned params, so not to
	 * be reused
	 * @param offset the start of the line
	 * @param length the length of the line
	 * @return the decoded message
	 */
	public Inbound decode(byte[] buffer, int offset, int length) {
		try (JsonParser parser = this.jsonFactory.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				return IGNORED;
			}
			Inbound result;
			if (token == JsonToken.START_ARRAY) {
				result = decodeBatch(parser, buffer, offset);
			}
			else if (token == JsonToken.START_OBJECT) {
				result = decodeObject(parser, buffer, offset);
			}
			else {
				parser.skipChildren();
				result = invalid(Dialect.GO, RpcId.NULL, "a message must be a JSON object or array");
			}
			if (parser.nextToken() != null) {
				return parseError("unexpected content after the JSON value");
			}
			return result;
		}
		catch (StreamConstraintsException ex) {
			return parseError(ex.getOriginalMessage());
		}
		catch (JacksonException ex) {
			return parseError(ex.getOriginalMessage());
		}
	}

	private Inbound decodeBatch(JsonParser parser, byte[] buffer, int offset) {
		List<Inbound> entries = new ArrayList<>();
		int ignored = 0;
		JsonToken token;
		int count = 0;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (++count > this.maxBatchSize) {
				// answered with one error, so that a batch cannot amplify a line into
				// millions of responses
				parser.skipChildren();
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					parser.skipChildren();
				}
				return invalid(Dialect.JSON_RPC_2, RpcId.NULL,
						"a batch must have at most " + this.maxBatchSize + " entries");
			}
			if (token == JsonToken.START_OBJECT) {
				Inbound entry = decodeObject(parser, buffer, offset);
				if (entry instanceof Inbound.Invalid invalid) {
					// a batch is JSON-RPC 2.0, so its invalid entries are answered as
					// such
					entries.add(new Inbound.Invalid(Dialect.JSON_RPC_2, RpcId.NULL, invalid.code(), invalid.message()));
				}
				else if (entry instanceof Inbound.Ignored) {
					ignored++;
				}
				else {
					entries.add(entry);
				}
			}
			else {
				parser.skipChildren();
				entries.add(invalid(Dialect.JSON_RPC_2, RpcId.NULL, "a batch entry must be a JSON object"));
			}
		}
		if (entries.isEmpty()) {
			// a batch of responses and events is ignored like each of them would be
			return (ignored > 0) ? IGNORED : invalid(Dialect.JSON_RPC_2, RpcId.NULL, "empty batch");
		}
		return new Inbound.Batch(List.copyOf(entries));
	}

	private Inbound decodeObject(JsonParser parser, byte[] buffer, int offset) {
		Envelope envelope = new Envelope();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "jsonrpc" -> {
					envelope.see(Envelope.JSONRPC, name);
					envelope.jsonrpc = (value == JsonToken.VALUE_STRING) ? parser.getText() : null;
					parser.skipChildren();
				}
				case "method" -> {
					envelope.see(Envelope.METHOD, name);
					envelope.method = (value == JsonToken.VALUE_STRING) ? parser.getText() : null;
					parser.skipChildren();
				}
				case "id" -> {
					envelope.see(Envelope.ID, name);
					envelope.readId(parser, value);
				}
				case "params" -> {
					envelope.see(Envelope.PARAMS, name);
					readParams(parser, value, buffer, offset, envelope);
				}
				case "type" -> {
					envelope.see(Envelope.TYPE, name);
					envelope.hasType = (value == JsonToken.VALUE_STRING) && !parser.getText().isEmpty();
					parser.skipChildren();
				}
				case "result", "error" -> {
					envelope.see(name.equals("result") ? Envelope.RESULT : Envelope.ERROR, name);
					parser.skipChildren();
				}
				default -> {
					envelope.seeUnknown(name);
					parser.skipChildren();
				}
			}
		}
		String duplicate = envelope.duplicate();
		if (duplicate != null) {
			// which of the values counts is for no one to guess: a proxy may have read
			// the other one
			return invalid(envelope.has(Envelope.JSONRPC) ? Dialect.JSON_RPC_2 : Dialect.GO, RpcId.NULL, duplicate);
		}
		return envelope.has(Envelope.JSONRPC) ? toJsonRpc2(envelope) : toGo(envelope);
	}

	private void readParams(JsonParser parser, JsonToken value, byte[] buffer, int offset, Envelope envelope) {
		if (value == JsonToken.VALUE_NULL) {
			envelope.params = null;
			return;
		}
		// byte offsets count from the start of the parsed range, not of the buffer
		int start = offset + (int) parser.currentTokenLocation().getByteOffset();
		if (value == JsonToken.VALUE_STRING) {
			// left unread, like strings inside an object or array, for the handler's
			// binding to read within the limits and name the parameter if it is too long;
			// the parser checks the string when it skips it
			int end = endOfString(buffer, start);
			envelope.params = RpcParams.of(buffer, start, end - start, RpcParams.Kind.VALUE);
			return;
		}
		RpcParams.Kind kind;
		if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
			parser.skipChildren();
			kind = (value == JsonToken.START_OBJECT) ? RpcParams.Kind.OBJECT : RpcParams.Kind.ARRAY;
		}
		else {
			parser.finishToken();
			kind = RpcParams.Kind.VALUE;
		}
		int end = offset + (int) parser.currentLocation().getByteOffset();
		envelope.params = RpcParams.of(buffer, start, end - start, kind);
	}

	/**
	 * Return the end of the JSON string starting at {@code start}: after its closing
	 * quote, which no escape sequence and no byte of a UTF-8 sequence can contain. An
	 * unterminated string is a parse error when the parser skips it, which then is the
	 * result of the line.
	 */
	private static int endOfString(byte[] buffer, int start) {
		int i = start + 1;
		while (i < buffer.length) {
			byte b = buffer[i++];
			if (b == '"') {
				return i;
			}
			if (b == '\\') {
				i++;
			}
		}
		return buffer.length;
	}

	private Inbound toGo(Envelope envelope) {
		if (envelope.hasType) {
			return IGNORED;
		}
		if (!envelope.has(Envelope.METHOD)) {
			return envelope.hasResultOrError() ? IGNORED : invalid(Dialect.GO, goId(envelope), "missing method");
		}
		if (envelope.method == null || envelope.method.isEmpty()) {
			return invalid(Dialect.GO, goId(envelope), "method must be a non-empty string");
		}
		RpcId id = goId(envelope);
		if (id == null) {
			return invalid(Dialect.GO, RpcId.NULL, "id must be an unsigned 64-bit integer");
		}
		return new Inbound.Request(Dialect.GO, id, envelope.method, envelope.params, false);
	}

	private @Nullable RpcId goId(Envelope envelope) {
		if (!envelope.has(Envelope.ID) || envelope.idToken == JsonToken.VALUE_NULL) {
			return RpcId.ZERO;
		}
		return (envelope.idUnsigned64) ? envelope.id : null;
	}

	private Inbound toJsonRpc2(Envelope envelope) {
		if (!"2.0".equals(envelope.jsonrpc)) {
			return invalid(Dialect.JSON_RPC_2, RpcId.NULL, "jsonrpc must be \"2.0\"");
		}
		if (!envelope.has(Envelope.METHOD)) {
			return envelope.hasResultOrError() ? IGNORED : invalid(Dialect.JSON_RPC_2, RpcId.NULL, "missing method");
		}
		if (envelope.method == null) {
			return invalid(Dialect.JSON_RPC_2, RpcId.NULL, "method must be a string");
		}
		boolean hasId = envelope.has(Envelope.ID);
		RpcId id = (hasId) ? envelope.id : RpcId.NULL;
		if (id == null) {
			return invalid(Dialect.JSON_RPC_2, RpcId.NULL, "id must be a string, a number or null");
		}
		RpcParams params = envelope.params;
		if (params != null && params.kind() == RpcParams.Kind.VALUE) {
			return invalid(Dialect.JSON_RPC_2, RpcId.NULL, "params must be an object or an array");
		}
		return new Inbound.Request(Dialect.JSON_RPC_2, id, envelope.method, params, !hasId);
	}

	private static Inbound invalid(Dialect dialect, @Nullable RpcId id, String reason) {
		return new Inbound.Invalid(dialect, (id != null) ? id : RpcId.NULL, ErrorCodes.INVALID_REQUEST,
				"invalid request: " + reason);
	}

	private static Inbound parseError(@Nullable String detail) {
		String message = (detail != null) ? "parse error: " + firstLine(detail) : "parse error";
		return new Inbound.Invalid(Dialect.JSON_RPC_2, RpcId.NULL, ErrorCodes.PARSE_ERROR, message);
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

}
