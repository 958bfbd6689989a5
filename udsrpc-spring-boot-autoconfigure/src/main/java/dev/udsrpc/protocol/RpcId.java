package dev.udsrpc.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.udsrpc.protocol.internal.JsonLineBuilder;

/**
 * The id of a request, kept as the JSON text that is echoed in its response.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class RpcId {

	/**
	 * The id {@code 0}, used for Go dialect requests without an id.
	 */
	public static final RpcId ZERO = new RpcId(new byte[] { '0' });

	/**
	 * The id {@code null}, used where the id of a request cannot be determined.
	 */
	public static final RpcId NULL = new RpcId(new byte[] { 'n', 'u', 'l', 'l' });

	private final byte[] json;

	private RpcId(byte[] json) {
		this.json = json;
	}

	/**
	 * Create an id from the literal text of a JSON number.
	 * @param text the number as it appeared in the request
	 * @return the id
	 * @throws IllegalArgumentException if the text is not a JSON number
	 */
	public static RpcId ofNumberText(String text) {
		if (!isJsonNumber(text)) {
			throw new IllegalArgumentException("'text' must be a JSON number");
		}
		return new RpcId(text.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Return whether the text is a JSON number (RFC 8259, section 6): the id is written
	 * into responses as it is, so it must not be able to carry anything else.
	 */
	private static boolean isJsonNumber(String text) {
		int length = text.length();
		int i = (length > 0 && text.charAt(0) == '-') ? 1 : 0;
		if (i < length && text.charAt(i) == '0') {
			i++;
		}
		else {
			int start = i;
			i = digits(text, i);
			if (i == start) {
				return false;
			}
		}
		if (i < length && text.charAt(i) == '.') {
			int start = ++i;
			i = digits(text, i);
			if (i == start) {
				return false;
			}
		}
		if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
			i++;
			if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
				i++;
			}
			int start = i;
			i = digits(text, i);
			if (i == start) {
				return false;
			}
		}
		return i == length;
	}

	private static int digits(String text, int from) {
		int i = from;
		while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
			i++;
		}
		return i;
	}

	/**
	 * Create an id from an unsigned number.
	 * @param value the number
	 * @return the id
	 */
	public static RpcId of(long value) {
		return ofNumberText(Long.toUnsignedString(value));
	}

	/**
	 * Create a string id.
	 * @param value the string
	 * @return the id
	 */
	public static RpcId ofString(String value) {
		byte[] quoted = JsonLineBuilder.quoteAsUtf8(value);
		byte[] json = new byte[quoted.length + 2];
		json[0] = '"';
		System.arraycopy(quoted, 0, json, 1, quoted.length);
		json[json.length - 1] = '"';
		return new RpcId(json);
	}

	/**
	 * Return whether this is the {@code null} id.
	 * @return {@code true} for {@code null}
	 */
	public boolean isNull() {
		return this == NULL || Arrays.equals(this.json, NULL.json);
	}

	/**
	 * Write the JSON text of this id to a stream, as UTF-8, without copying it first.
	 * @param out the stream
	 * @throws IOException if the stream cannot be written
	 */
	public void writeJson(OutputStream out) throws IOException {
		out.write(this.json);
	}

	/**
	 * Return the JSON text of this id.
	 * @return the JSON value as text
	 */
	public String toJson() {
		return new String(this.json, StandardCharsets.UTF_8);
	}

	@Override
	public boolean equals(Object obj) {
		return (this == obj) || (obj instanceof RpcId other && Arrays.equals(this.json, other.json));
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.json);
	}

	@Override
	public String toString() {
		return toJson();
	}

}
