package dev.udsrpc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code params} of a request: a slice of the received line holding one JSON value.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class RpcParams {

	private final byte[] buffer;

	private final int offset;

	private final int length;

	private final Kind kind;

	private RpcParams(byte[] buffer, int offset, int length, Kind kind) {
		this.buffer = buffer;
		this.offset = offset;
		this.length = length;
		this.kind = kind;
	}

	/**
	 * Create params from JSON text.
	 * @param json the JSON value
	 * @return the params
	 */
	public static RpcParams of(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		String trimmed = json.strip();
		Kind kind = trimmed.startsWith("{") ? Kind.OBJECT : trimmed.startsWith("[") ? Kind.ARRAY : Kind.VALUE;
		return new RpcParams(bytes, 0, bytes.length, kind);
	}

	/**
	 * Create params from one JSON value in a buffer, which is not copied: the buffer must
	 * not change while the params are in use.
	 * @param buffer the buffer, such as a received line
	 * @param offset the start of the JSON value in the buffer
	 * @param length the length of the JSON value in bytes
	 * @param kind the kind of JSON value
	 * @return the params
	 */
	public static RpcParams of(byte[] buffer, int offset, int length, Kind kind) {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		return new RpcParams(buffer, offset, length, Objects.requireNonNull(kind, "'kind' must not be null"));
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
	 * Return the kind of JSON value.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Return whether the params are a JSON object (named params).
	 * @return {@code true} for an object
	 */
	public boolean isObject() {
		return this.kind == Kind.OBJECT;
	}

	/**
	 * Return whether the params are a JSON array (positional params).
	 * @return {@code true} for an array
	 */
	public boolean isArray() {
		return this.kind == Kind.ARRAY;
	}

	/**
	 * Return the JSON text.
	 * @return the params as JSON
	 */
	public String toJson() {
		return new String(this.buffer, this.offset, this.length, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return toJson();
	}

	/**
	 * Kinds of params.
	 */
	public enum Kind {

		/**
		 * A JSON object.
		 */
		OBJECT,

		/**
		 * A JSON array.
		 */
		ARRAY,

		/**
		 * Any other JSON value (allowed by the Go dialect only).
		 */
		VALUE

	}

}
