package dev.udsrpc.protocol.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.udsrpc.protocol.RpcId;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * A growable byte buffer that one outgoing message is written into, also usable as the
 * {@link OutputStream} a JSON mapper writes a value to.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class JsonLineBuilder extends OutputStream {

	private byte[] buffer;

	private int length;

	/**
	 * Create a builder.
	 * @param initialCapacity the initial capacity in bytes
	 */
	public JsonLineBuilder(int initialCapacity) {
		this.buffer = new byte[Math.max(16, initialCapacity)];
	}

	@Override
	public void write(int b) {
		ensureCapacity(1);
		this.buffer[this.length++] = (byte) b;
	}

	@Override
	public void write(byte[] bytes, int offset, int len) {
		ensureCapacity(len);
		System.arraycopy(bytes, offset, this.buffer, this.length, len);
		this.length += len;
	}

	/**
	 * Append bytes.
	 * @param bytes the bytes
	 * @return this builder
	 */
	public JsonLineBuilder append(byte[] bytes) {
		write(bytes, 0, bytes.length);
		return this;
	}

	/**
	 * Append the JSON text of a request id.
	 * @param id the id
	 * @return this builder
	 */
	public JsonLineBuilder append(RpcId id) {
		try {
			id.writeJson(this);
		}
		catch (IOException ex) {
			// write(byte[], int, int) of this builder throws none
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Append ASCII text that needs no escaping, such as JSON punctuation and member
	 * names.
	 * @param ascii the text
	 * @return this builder
	 */
	public JsonLineBuilder appendAscii(String ascii) {
		int len = ascii.length();
		ensureCapacity(len);
		for (int i = 0; i < len; i++) {
			this.buffer[this.length++] = (byte) ascii.charAt(i);
		}
		return this;
	}

	/**
	 * Append a decimal integer.
	 * @param value the number
	 * @return this builder
	 */
	public JsonLineBuilder appendInt(int value) {
		return appendAscii(Integer.toString(value));
	}

	/**
	 * Append a string as a quoted and escaped JSON string.
	 * @param text the text
	 * @return this builder
	 */
	public JsonLineBuilder appendQuoted(String text) {
		write('"');
		append(quoteAsUtf8(text));
		write('"');
		return this;
	}

	/**
	 * Escape a string as the content of a JSON string, in UTF-8. An unpaired surrogate,
	 * which a request can carry as an escape sequence, cannot be encoded and is replaced
	 * by U+FFFD, as Go's encoding/json does, rather than failing the message.
	 * @param text the text
	 * @return the escaped UTF-8 bytes, without quotes
	 */
	public static byte[] quoteAsUtf8(String text) {
		return JsonStringEncoder.getInstance().quoteAsUTF8(replaceUnpairedSurrogates(text));
	}

	private static String replaceUnpairedSurrogates(String text) {
		StringBuilder result = null;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				if (result != null) {
					result.append(c).append(text.charAt(i + 1));
				}
				i++;
			}
			else if (Character.isSurrogate(c)) {
				if (result == null) {
					result = new StringBuilder(length).append(text, 0, i);
				}
				result.append('\uFFFD');
			}
			else if (result != null) {
				result.append(c);
			}
		}
		return (result != null) ? result.toString() : text;
	}

	/**
	 * Discard everything after the given length.
	 * @param newLength the length to keep
	 */
	public void truncate(int newLength) {
		if (newLength < 0 || newLength > this.length) {
			throw new IndexOutOfBoundsException(newLength);
		}
		this.length = newLength;
	}

	/**
	 * Return the number of bytes written.
	 * @return the length
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Return a copy of the bytes written.
	 * @return the bytes
	 */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.length);
	}

	@Override
	public String toString() {
		return new String(this.buffer, 0, this.length, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		// A mapper closes its target; the builder stays usable.
	}

	private void ensureCapacity(int extra) {
		int required = this.length + extra;
		if (required < 0) {
			throw new OutOfMemoryError("Message too large");
		}
		if (required > this.buffer.length) {
			int newCapacity = Math.max(required, this.buffer.length << 1);
			this.buffer = Arrays.copyOf(this.buffer, (newCapacity < 0) ? required : newCapacity);
		}
	}

}
