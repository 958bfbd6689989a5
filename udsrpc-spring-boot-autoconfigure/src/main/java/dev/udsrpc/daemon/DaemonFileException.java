package dev.udsrpc.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a daemon cannot create one of its files: its runtime directory, its PID
 * file or its socket.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class DaemonFileException extends UncheckedIOException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	private final transient Path path;

	/**
	 * Create an exception.
	 * @param kind the kind of file
	 * @param path the path of the file
	 * @param cause why it cannot be created
	 */
	public DaemonFileException(Kind kind, Path path, IOException cause) {
		super("Cannot create the " + Objects.requireNonNull(kind, "'kind' must not be null").description() + " '" + path
				+ "': " + reason(cause), cause);
		this.kind = kind;
		this.path = Objects.requireNonNull(path, "'path' must not be null");
	}

	/**
	 * Return the kind of file.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Return the path of the file.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return why the file cannot be created, as the operating system said.
	 * @return the reason, such as {@code Permission denied}
	 */
	public String reason() {
		return reason(getCause());
	}

	private static String reason(IOException ex) {
		if (ex instanceof AccessDeniedException) {
			return "Permission denied";
		}
		if (ex instanceof NoSuchFileException) {
			return "No such file or directory";
		}
		if (ex instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
			return fileSystem.getReason();
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	/**
	 * The files of a daemon.
	 */
	public enum Kind {

		/**
		 * The runtime directory.
		 */
		RUNTIME_DIRECTORY("runtime directory"),

		/**
		 * The PID file.
		 */
		PID_FILE("PID file"),

		/**
		 * The socket.
		 */
		SOCKET("socket");

		private final String description;

		Kind(String description) {
			this.description = description;
		}

		/**
		 * Return the name of the file in a sentence.
		 * @return the description, such as {@code runtime directory}
		 */
		public String description() {
			return this.description;
		}

	}

}
