package dev.udsrpc.protocol.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines: each complete line (without {@code \n} or
 * {@code \r\n}) is handed out as its own array, blank lines are skipped, and a line
 * longer than the maximum message size stops the framer. Not thread-safe: one per
 * connection, fed by its reader.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class LineFramer {

	private static final byte[] EMPTY = new byte[0];

	private final int maxMessageSize;

	private byte[] partial = EMPTY;

	private int partialLength;

	private boolean overflowed;

	/**
	 * Create a framer.
	 * @param maxMessageSize the longest line accepted, in bytes, without its terminator
	 */
	public LineFramer(int maxMessageSize) {
		if (maxMessageSize <= 0) {
			throw new IllegalArgumentException("'maxMessageSize' must be positive");
		}
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Feed received bytes.
	 * @param bytes the buffer
	 * @param offset the start of the received bytes
	 * @param length the number of received bytes
	 * @param sink receives each complete line
	 * @return {@code false} if a line is longer than the maximum message size: the lines
	 * before it were handed out, nothing after it will be
	 */
	public boolean feed(byte[] bytes, int offset, int length, Consumer<byte[]> sink) {
		if (this.overflowed) {
			return false;
		}
		int end = offset + length;
		int start = offset;
		for (int i = offset; i < end; i++) {
			if (bytes[i] != '\n') {
				continue;
			}
			if (this.partialLength > 0) {
				if (!appendPartial(bytes, start, i - start)) {
					return false;
				}
				byte[] line = this.partial;
				int lineLength = this.partialLength;
				this.partialLength = 0;
				if (!emit(line, 0, lineLength, sink)) {
					return false;
				}
				if (this.partial.length > 8192) {
					this.partial = EMPTY;
				}
			}
			else {
				if (!emit(bytes, start, i - start, sink)) {
					return false;
				}
			}
			start = i + 1;
		}
		if (start < end) {
			return appendPartial(bytes, start, end - start);
		}
		return true;
	}

	/**
	 * Return the number of bytes of an incomplete line held.
	 * @return the number of buffered bytes
	 */
	public int buffered() {
		return this.partialLength;
	}

	/**
	 * Return the size of the buffer holding an incomplete line, which may exceed the
	 * bytes it holds.
	 * @return the capacity in bytes
	 */
	public int capacity() {
		return this.partial.length;
	}

	/**
	 * Drop the incomplete line held and stop, as after a line longer than the maximum:
	 * nothing fed afterwards is handed out.
	 */
	public void discard() {
		overflow();
	}

	/**
	 * Return whether a line longer than the maximum was seen.
	 * @return {@code true} after an overflow
	 */
	public boolean isOverflowed() {
		return this.overflowed;
	}

	private boolean appendPartial(byte[] bytes, int offset, int length) {
		int required = this.partialLength + length;
		// a trailing \r is not part of the message, so allow one byte for it
		if (required > this.maxMessageSize + 1) {
			return overflow();
		}
		if (required > this.partial.length) {
			int capacity = (int) Math.min((long) this.maxMessageSize + 1,
					Math.max(required, Math.max(256L, this.partial.length * 2L)));
			this.partial = Arrays.copyOf(this.partial, capacity);
		}
		System.arraycopy(bytes, offset, this.partial, this.partialLength, length);
		this.partialLength = required;
		return true;
	}

	private boolean emit(byte[] bytes, int start, int length, Consumer<byte[]> sink) {
		int end = start + length;
		if (end > start && bytes[end - 1] == '\r') {
			end--;
		}
		if (end - start > this.maxMessageSize) {
			return overflow();
		}
		if (!isBlank(bytes, start, end)) {
			sink.accept(Arrays.copyOfRange(bytes, start, end));
		}
		return true;
	}

	private boolean overflow() {
		this.overflowed = true;
		this.partial = EMPTY;
		this.partialLength = 0;
		return false;
	}

	private static boolean isBlank(byte[] bytes, int start, int end) {
		for (int i = start; i < end; i++) {
			byte b = bytes[i];
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

}
