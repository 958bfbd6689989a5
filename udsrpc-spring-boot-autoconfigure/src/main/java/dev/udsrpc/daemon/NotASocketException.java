package dev.udsrpc.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a stale socket is to be removed but something other than a socket exists at
 * the socket path. It is left untouched.
 *
 * @since 0.1.0
 */
public class NotASocketException extends RuntimeException {

	private final Path path;

	private final String description;

	/**
	 * Create a new instance.
	 * @param path the socket path
	 * @param description what exists at the path, for example {@code "a regular file"}
	 */
	public NotASocketException(Path path, String description) {
		super("'" + Objects.requireNonNull(path, "'path' must not be null") + "' is "
				+ Objects.requireNonNull(description, "'description' must not be null")
				+ ", not a socket, so it was not removed");
		this.path = path;
		this.description = description;
	}

	/**
	 * Return the socket path.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return what exists at the path, for example {@code "a regular file"},
	 * {@code "a directory"} or {@code "a symbolic link"}.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
