package dev.udsrpc.protocol.internal;

import java.nio.charset.StandardCharsets;

/**
 * One JSON value of a received line, kept as a slice of the line so that it is bound
 * once, to the type its reader expects, with the reader's own mapper.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see ServerMessageDecoder
 */
public final class JsonSlice {

	private final byte[] buffer;

	private final int offset;

	private final int length;

	private final boolean isNull;

	JsonSlice(byte[] buffer, int offset, int length, boolean isNull) {
		this.buffer = buffer;
		this.offset = offset;
		this.length = length;
		this.isNull = isNull;
	}

	/**
	 * Return the buffer that holds the JSON text.
	 * @return the buffer; read only from {@link #offset()} for {@link #length()} bytes
	 */
	public byte[] buffer() {
		return this.buffer;
	}

	/**
	 * Return the start of the JSON text in {@link #buffer()}.
	 * @return the offset
	 */
	public int offset() {
		return this.offset;
	}

	/**
	 * Return the length of the JSON text in {@link #buffer()}.
	 * @return the length in bytes
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Return whether the value is JSON {@code null}.
	 * @return {@code true} for {@code null}
	 */
	public boolean isNull() {
		return this.isNull;
	}

	/**
	 * Return the JSON text.
	 * @return the value as JSON
	 */
	public String toJson() {
		return new String(this.buffer, this.offset, this.length, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return toJson();
	}

}
