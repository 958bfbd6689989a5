package dev.udsrpc.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a socket path does not fit into {@code sun_path} of a Unix domain socket
 * address.
 *
 * @since 0.1.0
 */
public class SocketPathTooLongException extends RuntimeException {

	private final Path path;

	private final int length;

	private final int limit;

	/**
	 * Create a new instance.
	 * @param path the socket path
	 * @param length the length of the absolute path in UTF-8 bytes
	 * @param limit the size of {@code sun_path} on this platform, including the
	 * terminating NUL byte
	 */
	public SocketPathTooLongException(Path path, int length, int limit) {
		super("Socket path '" + Objects.requireNonNull(path, "'path' must not be null") + "' is " + length
				+ " bytes long, but Unix domain socket paths on this platform must be shorter than " + limit
				+ " bytes");
		this.path = path;
		this.length = length;
		this.limit = limit;
	}

	/**
	 * Return the socket path that is too long.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return the length of the absolute socket path in UTF-8 bytes.
	 * @return the length
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Return the size of {@code sun_path} on this platform, including the terminating NUL
	 * byte: paths must be shorter.
	 * @return the limit in bytes
	 */
	public int limit() {
		return this.limit;
	}

}
