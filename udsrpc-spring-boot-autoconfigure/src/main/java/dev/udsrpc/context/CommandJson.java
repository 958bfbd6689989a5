package dev.udsrpc.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The little JSON the commands read and write (a request, a response, an event), parsed
 * into maps, lists, strings, booleans, {@code null} and {@link JsonNumber numbers kept as
 * written}, and written compactly as the daemon writes it. A full JSON library costs a
 * command more to load than the rest of its work.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class CommandJson {

	private static final int MAX_DEPTH = 1000;

	private static final String HEX = "0123456789ABCDEF";

	private final String text;

	private int position;

	private CommandJson(String text) {
		this.text = text;
	}

	/**
	 * Parse one JSON value (RFC 8259).
	 * @param text the text
	 * @return the value
	 * @throws IllegalArgumentException if the text is not one JSON value
	 */
	static @Nullable Object parse(String text) {
		CommandJson parser = new CommandJson(text);
		parser.skipWhitespace();
		Object value = parser.value(0);
		parser.skipWhitespace();
		if (parser.position < text.length()) {
			throw parser.error("unexpected '" + text.charAt(parser.position) + "' after the value");
		}
		return value;
	}

	/**
	 * Write a value compactly.
	 * @param value a value as {@link #parse(String)} returns them
	 * @return the JSON text
	 */
	static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(out, value);
		return out.toString();
	}

	/**
	 * Write a string as a JSON string.
	 * @param value the string
	 * @return the quoted and escaped string
	 */
	static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2);
		writeString(out, value);
		return out.toString();
	}

	private @Nullable Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nested too deeply");
		}
		if (this.position >= this.text.length()) {
			throw error("unexpected end of input");
		}
		char ch = this.text.charAt(this.position);
		return switch (ch) {
			case '{' -> object(depth);
			case '[' -> array(depth);
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> number();
		};
	}

	private Map<String, @Nullable Object> object(int depth) {
		Map<String, @Nullable Object> object = new LinkedHashMap<>();
		this.position++;
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return object;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a member name");
			}
			String name = string();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			object.put(name, value(depth + 1));
			skipWhitespace();
			if (peek() == ',') {
				this.position++;
			}
			else {
				expect('}');
				return object;
			}
		}
	}

	private List<@Nullable Object> array(int depth) {
		List<@Nullable Object> array = new ArrayList<>();
		this.position++;
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return array;
		}
		while (true) {
			skipWhitespace();
			array.add(value(depth + 1));
			skipWhitespace();
			if (peek() == ',') {
				this.position++;
			}
			else {
				expect(']');
				return array;
			}
		}
	}

	private String string() {
		this.position++;
		StringBuilder result = new StringBuilder();
		while (true) {
			if (this.position >= this.text.length()) {
				throw error("unterminated string");
			}
			char ch = this.text.charAt(this.position++);
			if (ch == '"') {
				return result.toString();
			}
			if (ch < 0x20) {
				throw error("control character in a string");
			}
			if (ch != '\\') {
				result.append(ch);
				continue;
			}
			if (this.position >= this.text.length()) {
				throw error("unterminated string");
			}
			char escape = this.text.charAt(this.position++);
			switch (escape) {
				case '"', '\\', '/' -> result.append(escape);
				case 'b' -> result.append('\b');
				case 'f' -> result.append('\f');
				case 'n' -> result.append('\n');
				case 'r' -> result.append('\r');
				case 't' -> result.append('\t');
				case 'u' -> result.append(unicode());
				default -> throw error("invalid escape '\\" + escape + "'");
			}
		}
	}

	private char unicode() {
		if (this.position + 4 > this.text.length()) {
			throw error("invalid \\u escape");
		}
		int value = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.position++), 16);
			if (digit < 0) {
				throw error("invalid \\u escape");
			}
			value = (value << 4) + digit;
		}
		return (char) value;
	}

	private @Nullable Object literal(String literal, @Nullable Object value) {
		if (!this.text.startsWith(literal, this.position)) {
			throw error("unexpected '" + this.text.charAt(this.position) + "'");
		}
		this.position += literal.length();
		return value;
	}

	private JsonNumber number() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		if (peek() == '0') {
			this.position++;
		}
		else if (!digits()) {
			throw error("unexpected '" + this.text.charAt(start) + "'");
		}
		if (peek() == '.') {
			this.position++;
			if (!digits()) {
				throw error("expected a digit");
			}
		}
		if (peek() == 'e' || peek() == 'E') {
			this.position++;
			if (peek() == '+' || peek() == '-') {
				this.position++;
			}
			if (!digits()) {
				throw error("expected a digit");
			}
		}
		return new JsonNumber(this.text.substring(start, this.position));
	}

	private boolean digits() {
		int start = this.position;
		while (peek() >= '0' && peek() <= '9') {
			this.position++;
		}
		return this.position > start;
	}

	private void expect(char ch) {
		if (peek() != ch) {
			throw (this.position < this.text.length())
					? error("expected '" + ch + "' but found '" + this.text.charAt(this.position) + "'")
					: error("unexpected end of input");
		}
		this.position++;
	}

	private int peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : -1;
	}

	private void skipWhitespace() {
		while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') {
			this.position++;
		}
	}

	private IllegalArgumentException error(String message) {
		return new IllegalArgumentException(message + " at position " + this.position);
	}

	@SuppressWarnings("unchecked")
	private static void write(StringBuilder out, @Nullable Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String string) {
			writeString(out, string);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				writeString(out, (String) entry.getKey());
				out.append(':');
				write(out, entry.getValue());
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(out, list.get(i));
			}
			out.append(']');
		}
		else {
			out.append(value);
		}
	}

	private static void writeString(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char ch = value.charAt(i);
			switch (ch) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (ch < 0x20) {
						// upper case hexadecimal digits, as Jackson writes them
						out.append("\\u00").append(HEX.charAt(ch >> 4)).append(HEX.charAt(ch & 15));
					}
					else {
						out.append(ch);
					}
				}
			}
		}
		out.append('"');
	}

	/**
	 * A JSON number, kept as written.
	 */
	static final class JsonNumber {

		private final String text;

		JsonNumber(String text) {
			this.text = text;
		}

		/**
		 * Return whether the number is an integer ({@code long}).
		 */
		boolean isLong() {
			if (this.text.indexOf('.') >= 0 || this.text.indexOf('e') >= 0 || this.text.indexOf('E') >= 0) {
				return false;
			}
			try {
				Long.parseLong(this.text);
				return true;
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}

		long longValue() {
			return Long.parseLong(this.text);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
