package dev.udsrpc.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Echo} requests the load generator sends and the lines it expects back. Every
 * request carries a 64-byte message that embeds its id, so a response that answers the
 * wrong request, or carries another request's payload, is caught.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class EchoMessages {

	/**
	 * Length of the {@code msg} payload in bytes.
	 */
	public static final int PAYLOAD_LENGTH = 64;

	private static final int ID_DIGITS = 20;

	private static final byte[] FILLER = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR"
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ID_PREFIX = ascii("{\"id\":");

	private static final byte[] REQUEST_MIDDLE = ascii(",\"method\":\"Echo\",\"params\":{\"msg\":\"");

	private static final byte[] RESULT_MIDDLE = ascii(",\"result\":{\"msg\":\"");

	private static final byte[] SUFFIX = ascii("\"}}");

	private static final byte[] EVENT_PREFIX = ascii("{\"type\":");

	static {
		if (FILLER.length + ID_DIGITS != PAYLOAD_LENGTH) {
			throw new IllegalStateException("Payload must be " + PAYLOAD_LENGTH + " bytes");
		}
	}

	private EchoMessages() {
	}

	/**
	 * What a server answers to an {@code Echo} request.
	 */
	public enum Expect implements Exchange {

		/**
		 * The request line itself (a raw line echo server).
		 */
		SAME_LINE(REQUEST_MIDDLE),

		/**
		 * A Go dialect response: {@code {"id":N,"result":{"msg":"…"}}}.
		 */
		RESULT(RESULT_MIDDLE);

		private final byte[] middle;

		Expect(byte[] middle) {
			this.middle = middle;
		}

		@Override
		public void writeRequest(ByteBuffer out, long id) {
			EchoMessages.writeRequest(out, id);
		}

		@Override
		public long parseResponse(byte[] line, int start, int end) {
			return EchoMessages.parseResponse(this, line, start, end);
		}

	}

	/**
	 * Append a request line, with its terminator.
	 * @param out the buffer
	 * @param id the request id
	 */
	public static void writeRequest(ByteBuffer out, long id) {
		out.put(ID_PREFIX);
		writeDecimal(out, id);
		out.put(REQUEST_MIDDLE);
		writePayload(out, id);
		out.put(SUFFIX);
		out.put((byte) '\n');
	}

	/**
	 * Return a request line, without its terminator.
	 * @param id the request id
	 * @return the line
	 */
	public static String request(long id) {
		ByteBuffer out = ByteBuffer.allocate(256);
		writeRequest(out, id);
		return new String(out.array(), 0, out.position() - 1, StandardCharsets.US_ASCII);
	}

	/**
	 * Return the {@code msg} payload of a request.
	 * @param id the request id
	 * @return the payload
	 */
	public static String payload(long id) {
		ByteBuffer out = ByteBuffer.allocate(PAYLOAD_LENGTH);
		writePayload(out, id);
		return new String(out.array(), StandardCharsets.US_ASCII);
	}

	/**
	 * Return whether a line is an event, which a daemon may push at any time.
	 * @param line the buffer
	 * @param start the start of the line
	 * @param end the end of the line (exclusive, without terminator)
	 * @return {@code true} for an event
	 */
	public static boolean isEvent(byte[] line, int start, int end) {
		return regionEquals(line, start, end, EVENT_PREFIX);
	}

	/**
	 * Check a response line and return the id it answers.
	 * @param expect what the response must look like
	 * @param line the buffer
	 * @param start the start of the line
	 * @param end the end of the line (exclusive, without terminator)
	 * @return the id, or {@code -1} if the line is not the exact response to a request
	 */
	public static long parseResponse(Expect expect, byte[] line, int start, int end) {
		end = withoutCarriageReturn(line, start, end);
		int i = afterId(line, start, end);
		if (i < 0 || !regionEquals(line, i, end, expect.middle)) {
			return -1;
		}
		long id = decimal(line, start + ID_PREFIX.length, i);
		i += expect.middle.length;
		if (end - i != PAYLOAD_LENGTH + SUFFIX.length) {
			return -1;
		}
		for (int j = 0; j < FILLER.length; j++) {
			if (line[i++] != FILLER[j]) {
				return -1;
			}
		}
		long value = id;
		for (int j = i + ID_DIGITS - 1; j >= i; j--) {
			if (line[j] != '0' + (int) (value % 10)) {
				return -1;
			}
			value /= 10;
		}
		i += ID_DIGITS;
		return regionEquals(line, i, end, SUFFIX) ? id : -1;
	}

	static int withoutCarriageReturn(byte[] line, int start, int end) {
		return (end > start && line[end - 1] == '\r') ? end - 1 : end;
	}

	/**
	 * Return where the id of a response ends.
	 * @param line the buffer
	 * @param start the start of the line
	 * @param end the end of the line
	 * @return the index after the digits of the id that the line starts with
	 * ({@code {"id":} and 1 to 19 digits), or {@code -1}
	 */
	static int afterId(byte[] line, int start, int end) {
		if (!regionEquals(line, start, end, ID_PREFIX)) {
			return -1;
		}
		int i = start + ID_PREFIX.length;
		while (i < end && line[i] >= '0' && line[i] <= '9' && i - start - ID_PREFIX.length < 19) {
			i++;
		}
		return (i > start + ID_PREFIX.length) ? i : -1;
	}

	static long decimal(byte[] line, int from, int to) {
		long value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (line[i] - '0');
		}
		return value;
	}

	private static void writePayload(ByteBuffer out, long id) {
		out.put(FILLER);
		int start = out.position();
		long value = id;
		for (int j = start + ID_DIGITS - 1; j >= start; j--) {
			out.put(j, (byte) ('0' + (int) (value % 10)));
			value /= 10;
		}
		out.position(start + ID_DIGITS);
	}

	static void writeDecimal(ByteBuffer out, long value) {
		if (value == 0) {
			out.put((byte) '0');
			return;
		}
		int digits = 0;
		for (long v = value; v > 0; v /= 10) {
			digits++;
		}
		int start = out.position();
		long v = value;
		for (int j = start + digits - 1; j >= start; j--) {
			out.put(j, (byte) ('0' + (int) (v % 10)));
			v /= 10;
		}
		out.position(start + digits);
	}

	static boolean regionEquals(byte[] line, int start, int end, byte[] expected) {
		if (end - start < expected.length) {
			return false;
		}
		for (int j = 0; j < expected.length; j++) {
			if (line[start + j] != expected[j]) {
				return false;
			}
		}
		return true;
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
