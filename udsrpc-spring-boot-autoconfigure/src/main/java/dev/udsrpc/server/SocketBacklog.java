package dev.udsrpc.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default length of the listen backlog: the most the kernel allows, so that a burst
 * of connections waits for the event loop instead of failing. A larger value passed to
 * {@code listen} is silently cut down to that maximum, so the fallback where it cannot be
 * read may be generous.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class SocketBacklog {

	/**
	 * The backlog where the kernel's maximum cannot be read: Linux's default maximum
	 * since 5.4.
	 */
	static final int FALLBACK = 4096;

	private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

	private SocketBacklog() {
	}

	/**
	 * Return the kernel's maximum listen backlog, or {@value #FALLBACK}.
	 * @return the backlog
	 */
	static int systemDefault() {
		return read(SOMAXCONN);
	}

	static int read(Path somaxconn) {
		try {
			// not Files.readString: it takes the size of a file in /proc (0) for its
			// length
			// and may return part of it
			int value = Integer.parseInt(Files.readAllLines(somaxconn).get(0).trim());
			return (value > 0) ? value : FALLBACK;
		}
		catch (IOException | RuntimeException ex) {
			return FALLBACK;
		}
	}

}
