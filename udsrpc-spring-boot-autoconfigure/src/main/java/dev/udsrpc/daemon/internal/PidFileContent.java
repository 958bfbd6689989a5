package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a PID file holds: the PID of the process holding its lock, in decimal, and a
 * newline, written once the lock is taken.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see PidFileLock
 */
final class PidFileContent {

	/**
	 * How long to wait for the PID after the lock is seen held.
	 */
	static final Duration PID_READ_TIMEOUT = Duration.ofMillis(200);

	private static final long PID_READ_PAUSE = TimeUnit.MILLISECONDS.toNanos(5);

	private static final int MAX_BYTES = 64;

	private PidFileContent() {
	}

	/**
	 * Replace what the file holds by the given PID.
	 * @param channel the channel of the locked file
	 * @param pid the PID
	 * @throws IOException if writing fails
	 */
	static void write(FileChannel channel, long pid) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII));
		channel.truncate(0);
		while (buffer.hasRemaining()) {
			channel.write(buffer, buffer.position());
		}
	}

	/**
	 * Read the PID of a process that holds the lock. The file may still be empty or
	 * partly written when the holder has just locked it, so keep reading briefly, until
	 * the newline.
	 * @param channel the channel of the file
	 * @param timeout how long to wait for the newline
	 * @return the PID, or empty when none was written in time
	 * @throws IOException if reading fails
	 */
	static OptionalLong awaitPid(FileChannel channel, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String content = read(channel);
			boolean complete = content.endsWith("\n");
			if (complete || System.nanoTime() - deadline >= 0) {
				return parse(content.trim());
			}
			LockSupport.parkNanos(PID_READ_PAUSE);
		}
	}

	/**
	 * Read the PID the file holds now.
	 * @param channel the channel of the file
	 * @return the PID, or empty when the file holds none
	 * @throws IOException if reading fails
	 */
	static OptionalLong readPid(FileChannel channel) throws IOException {
		return parse(read(channel).trim());
	}

	private static String read(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES);
		while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
			// keep reading
		}
		buffer.flip();
		return StandardCharsets.US_ASCII.decode(buffer).toString();
	}

	static OptionalLong parse(String text) {
		if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch((ch) -> ch >= '0' && ch <= '9')) {
			return OptionalLong.empty();
		}
		long pid = Long.parseLong(text);
		return (pid > 0) ? OptionalLong.of(pid) : OptionalLong.empty();
	}

}
