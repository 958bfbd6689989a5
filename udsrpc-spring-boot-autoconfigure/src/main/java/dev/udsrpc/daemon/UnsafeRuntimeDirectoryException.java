package dev.udsrpc.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when an existing runtime directory cannot be trusted: it is a symbolic link, not
 * a directory, owned by another user, or writable by group or others.
 *
 * @since 0.1.0
 */
public class UnsafeRuntimeDirectoryException extends RuntimeException {

	private final Path path;

	private final String reason;

	/**
	 * Create a new instance.
	 * @param path the runtime directory
	 * @param reason why it is refused, phrased to follow the path, for example
	 * {@code "is a symbolic link"}
	 */
	public UnsafeRuntimeDirectoryException(Path path, String reason) {
		super("Runtime directory '" + Objects.requireNonNull(path, "'path' must not be null") + "' "
				+ Objects.requireNonNull(reason, "'reason' must not be null"));
		this.path = path;
		this.reason = reason;
	}

	/**
	 * Return the refused runtime directory.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return why the directory is refused, for example
	 * {@code "is group or other writable (rwxrwxrwx)"}.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

}
