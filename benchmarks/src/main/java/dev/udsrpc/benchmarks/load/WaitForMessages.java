package dev.udsrpc.benchmarks.load;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Calls of the sample's {@code WaitFor} handler on a key that is never set, so that every
 * call blocks its handler until the timeout and is answered {@code null}:
 * {@code {"id":N,"method":"WaitFor","params":{"key":"…","timeoutMillis":T}}}, answered
 * {@code {"id":N,"result":null}}. The handler returns once less than a whole millisecond
 * of its timeout remains, so a correct response takes more than {@code T - 1} ms.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class WaitForMessages implements Exchange {

	private static final byte[] ID_PREFIX = EchoMessages.ascii("{\"id\":");

	private static final byte[] RESULT_NULL = EchoMessages.ascii(",\"result\":null}");

	private final byte[] requestSuffix;

	private final long timeoutMillis;

	/**
	 * Create the calls.
	 * @param key a key that is never set
	 * @param timeoutMillis how long each call waits, at least 1 ms
	 */
	public WaitForMessages(String key, long timeoutMillis) {
		if (timeoutMillis < 1 || !key.matches("[A-Za-z0-9._-]+")) {
			throw new IllegalArgumentException("A plain key and a timeout of at least 1 ms are needed");
		}
		this.requestSuffix = EchoMessages.ascii(",\"method\":\"WaitFor\",\"params\":{\"key\":\"" + key
				+ "\",\"timeoutMillis\":" + timeoutMillis + "}}\n");
		this.timeoutMillis = timeoutMillis;
	}

	@Override
	public void writeRequest(ByteBuffer out, long id) {
		out.put(ID_PREFIX);
		EchoMessages.writeDecimal(out, id);
		out.put(this.requestSuffix);
	}

	@Override
	public long parseResponse(byte[] line, int start, int end) {
		end = EchoMessages.withoutCarriageReturn(line, start, end);
		int i = EchoMessages.afterId(line, start, end);
		if (i < 0 || end - i != RESULT_NULL.length || !EchoMessages.regionEquals(line, i, end, RESULT_NULL)) {
			return -1;
		}
		return EchoMessages.decimal(line, start + ID_PREFIX.length, i);
	}

	@Override
	public long minimumRoundTripNanos() {
		return TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis - 1);
	}

	@Override
	public String toString() {
		return "WaitFor " + this.timeoutMillis + " ms";
	}

}
