package dev.udsrpc.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .properties} file into documents as Spring Boot reads
 * {@code application.properties}: {@code #---} or {@code !---} lines separate documents,
 * {@code key[]=a,b} is a list, and escapes, continuation lines and comments follow
 * {@link java.util.Properties}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class PropertiesDocuments {

	private static final String ESCAPED = "trnf";

	private static final String UNESCAPED = "\t\r\n\f";

	private final String text;

	private int position = -1;

	private int column = -1;

	private int character;

	private boolean escaped;

	private int lastCommentPrefix = -1;

	private PropertiesDocuments(String text) {
		this.text = text.replace("\r\n", "\n").replace('\r', '\n');
	}

	/**
	 * Parse the text of a properties file.
	 * @param text the text (decoded as ISO-8859-1, as Spring Boot does)
	 * @return the documents, each a map of the properties in the order of the file
	 * @throws IllegalStateException if a {@code \\uxxxx} escape is malformed
	 */
	static List<Map<String, String>> parse(String text) {
		return new PropertiesDocuments(text).documents();
	}

	private List<Map<String, String>> documents() {
		List<Map<String, String>> documents = new ArrayList<>();
		Map<String, String> document = new LinkedHashMap<>();
		StringBuilder buffer = new StringBuilder();
		while (read()) {
			if (this.character == '#' || this.character == '!') {
				int prefix = this.character;
				if (isNewDocument()) {
					if (!document.isEmpty()) {
						documents.add(document);
					}
					document = new LinkedHashMap<>();
				}
				else {
					if (document.isEmpty() && !documents.isEmpty()) {
						document = documents.remove(documents.size() - 1);
					}
					this.lastCommentPrefix = prefix;
					skipComment();
				}
			}
			else {
				this.lastCommentPrefix = -1;
				keyAndValue(document, buffer);
			}
		}
		if (!document.isEmpty() && (documents.isEmpty() || documents.get(documents.size() - 1) != document)) {
			documents.add(document);
		}
		return documents;
	}

	private void keyAndValue(Map<String, String> document, StringBuilder buffer) {
		String key = key(buffer).trim();
		if (key.endsWith("[]")) {
			key = key.substring(0, key.length() - 2);
			int index = 0;
			do {
				put(document, key + "[" + (index++) + "]", value(buffer, true));
				if (!isEndOfLine()) {
					read();
				}
			}
			while (!isEndOfLine());
		}
		else {
			put(document, key, value(buffer, false));
		}
	}

	private static void put(Map<String, String> document, String key, String value) {
		if (!key.isEmpty()) {
			document.put(key, value);
		}
	}

	private String key(StringBuilder buffer) {
		buffer.setLength(0);
		boolean previousWhitespace = false;
		while (!isEndOfLine()) {
			if (!this.escaped && (this.character == '=' || this.character == ':')) {
				read();
				return buffer.toString();
			}
			if (!isWhitespace() && previousWhitespace) {
				return buffer.toString();
			}
			previousWhitespace = isWhitespace();
			buffer.append((char) this.character);
			read();
		}
		return buffer.toString();
	}

	private String value(StringBuilder buffer, boolean splitLists) {
		buffer.setLength(0);
		while (isWhitespace() && !isEndOfLine()) {
			read();
		}
		while (!isEndOfLine() && !(splitLists && !this.escaped && this.character == ',')) {
			buffer.append((char) this.character);
			read();
		}
		return buffer.toString();
	}

	private boolean isNewDocument() {
		if (this.lastCommentPrefix == this.character) {
			return false;
		}
		boolean result = this.column == 0;
		for (int i = 0; i < 3 && result; i++) {
			read();
			result = this.character == '-';
		}
		if (!isEndOfLine()) {
			read();
			skipWhitespace();
		}
		return result && isEndOfLine();
	}

	private boolean read() {
		this.escaped = false;
		this.character = next();
		this.column++;
		if (this.column == 0) {
			skipWhitespace();
		}
		if (this.character == '\\') {
			this.escaped = true;
			readEscaped();
		}
		else if (this.character == '\n') {
			this.column = -1;
		}
		return this.character != -1;
	}

	private int next() {
		this.position++;
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : -1;
	}

	private void skipWhitespace() {
		while (isWhitespace()) {
			this.character = next();
			this.column++;
		}
	}

	private void skipComment() {
		while (this.character != '\n' && this.character != -1) {
			this.character = next();
		}
		this.column = -1;
	}

	private void readEscaped() {
		this.character = next();
		int index = (this.character != -1) ? ESCAPED.indexOf(this.character) : -1;
		if (index != -1) {
			this.character = UNESCAPED.charAt(index);
		}
		else if (this.character == '\n') {
			this.column = -1;
			read();
		}
		else if (this.character == 'u') {
			this.character = 0;
			for (int i = 0; i < 4; i++) {
				int digit = Character.digit(next(), 16);
				if (digit < 0) {
					throw new IllegalStateException("Malformed \\uxxxx encoding.");
				}
				this.character = (this.character << 4) + digit;
			}
		}
	}

	private boolean isWhitespace() {
		return !this.escaped && (this.character == ' ' || this.character == '\t' || this.character == '\f');
	}

	private boolean isEndOfLine() {
		return this.character == -1 || (!this.escaped && this.character == '\n');
	}

}
