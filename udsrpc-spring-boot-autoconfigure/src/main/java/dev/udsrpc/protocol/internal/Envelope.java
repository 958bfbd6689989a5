package dev.udsrpc.protocol.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.RpcParams;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * What a message's members said. Each known member name has a bit, so telling a repeated
 * one costs nothing; names of other members are collected only when a message has more
 * than one of them.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see MessageDecoder
 */
final class Envelope {

	private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	static final int JSONRPC = 1;

	static final int METHOD = 1 << 1;

	static final int ID = 1 << 2;

	static final int PARAMS = 1 << 3;

	static final int TYPE = 1 << 4;

	static final int RESULT = 1 << 5;

	static final int ERROR = 1 << 6;

	private int seen;

	private @Nullable String unknown;

	private @Nullable List<String> unknowns;

	private @Nullable String duplicate;

	@Nullable String jsonrpc;

	@Nullable String method;

	@Nullable JsonToken idToken;

	@Nullable RpcId id;

	boolean idUnsigned64;

	@Nullable RpcParams params;

	boolean hasType;

	boolean has(int member) {
		return (this.seen & member) != 0;
	}

	boolean hasResultOrError() {
		return has(RESULT | ERROR);
	}

	/**
	 * Read the id. The id to answer with is made from this very token, once it is known
	 * to be a JSON number or string, so no text but the token's own ends up in a
	 * response.
	 */
	void readId(JsonParser parser, JsonToken value) {
		this.idToken = value;
		switch (value) {
			case VALUE_NUMBER_INT -> {
				String text = parser.getText();
				JsonParser.NumberType type = parser.getNumberType();
				this.idUnsigned64 = (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG)
						? parser.getLongValue() >= 0 && text.charAt(0) != '-'
						: isUnsigned64(parser.getBigIntegerValue());
				this.id = RpcId.ofNumberText(text);
			}
			case VALUE_NUMBER_FLOAT -> this.id = RpcId.ofNumberText(parser.getText());
			case VALUE_STRING -> this.id = RpcId.ofString(parser.getText());
			case VALUE_NULL -> this.id = RpcId.NULL;
			default -> parser.skipChildren();
		}
	}

	private static boolean isUnsigned64(BigInteger value) {
		return value.signum() >= 0 && value.compareTo(MAX_UINT64) <= 0;
	}

	void see(int member, String name) {
		if (has(member)) {
			repeated("duplicate member \"" + name + "\"");
		}
		this.seen |= member;
	}

	void seeUnknown(String name) {
		String first = this.unknown;
		if (first == null) {
			this.unknown = name;
			return;
		}
		List<String> names = this.unknowns;
		if (names == null) {
			names = new ArrayList<>();
			names.add(first);
			this.unknowns = names;
		}
		names.add(name);
	}

	/**
	 * Return why the message repeats a member name.
	 * @return the reason, or {@code null} if no name is repeated
	 */
	@Nullable String duplicate() {
		List<String> names = this.unknowns;
		if (this.duplicate == null && names != null) {
			// sorted rather than hashed: a line of millions of names then costs a
			// reference per name, not a hash entry
			names.sort(null);
			for (int i = 1; i < names.size(); i++) {
				if (names.get(i).equals(names.get(i - 1))) {
					return "duplicate member name";
				}
			}
		}
		return this.duplicate;
	}

	private void repeated(String reason) {
		if (this.duplicate == null) {
			this.duplicate = reason;
		}
	}

}
