package dev.udsrpc.benchmarks.load;

import java.nio.ByteBuffer;

/**
 * One kind of call the load generator makes: the request it writes for an id, and the
 * check of a response line.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public interface Exchange {

	/**
	 * Append a request line, with its terminator.
	 * @param out the buffer
	 * @param id the request id
	 */
	void writeRequest(ByteBuffer out, long id);

	/**
	 * Check a response line and return the id it answers.
	 * @param line the buffer
	 * @param start the start of the line
	 * @param end the end of the line (exclusive, without terminator)
	 * @return the id, or {@code -1} if the line is not the exact response to a request
	 */
	long parseResponse(byte[] line, int start, int end);

	/**
	 * Return the shortest round trip a correct response can take, such as the time a
	 * handler must wait before it answers.
	 * @return the time in nanoseconds; {@code 0} if any is possible
	 */
	default long minimumRoundTripNanos() {
		return 0;
	}

}
