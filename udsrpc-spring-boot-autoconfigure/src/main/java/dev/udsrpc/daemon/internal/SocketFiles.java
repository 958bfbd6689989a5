package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import dev.udsrpc.daemon.NotASocketException;
import dev.udsrpc.daemon.SocketPathTooLongException;
import org.jspecify.annotations.Nullable;

/**
 * Checks and clean-up for the file of a Unix domain socket.
 *
 * @since 0.1.0
 */
public final class SocketFiles {

	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	private static final int S_IFLNK = 0120000;

	private static final int S_IFREG = 0100000;

	private static final int S_IFBLK = 0060000;

	private static final int S_IFDIR = 0040000;

	private static final int S_IFCHR = 0020000;

	private static final int S_IFIFO = 0010000;

	private SocketFiles() {
	}

	/**
	 * Return the size of {@code sun_path} in a Unix domain socket address on this
	 * platform, including the terminating NUL byte: 108 on Linux, 104 on macOS, the BSDs
	 * and, to be safe, anywhere else.
	 * @return the limit in bytes
	 */
	public static int maxPathBytes() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		return os.contains("linux") ? 108 : 104;
	}

	/**
	 * Check that the absolute form of the given socket path fits into {@code sun_path},
	 * leaving room for the terminating NUL byte.
	 * @param socket the socket path
	 * @throws SocketPathTooLongException if the path is too long
	 */
	public static void checkPathLength(Path socket) {
		Objects.requireNonNull(socket, "'socket' must not be null");
		int length = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
		int limit = maxPathBytes();
		if (length >= limit) {
			throw new SocketPathTooLongException(socket, length, limit);
		}
	}

	/**
	 * Return whether the given path names a socket. A symbolic link is not followed, so
	 * it is never a socket.
	 * @param path the path to check
	 * @return {@code true} if the path exists and is a socket
	 * @throws UncheckedIOException if the path cannot be inspected
	 */
	public static boolean isSocket(Path path) {
		Objects.requireNonNull(path, "'path' must not be null");
		try {
			Integer mode = mode(path);
			return mode != null && (mode & S_IFMT) == S_IFSOCK;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to inspect '" + path + "'", ex);
		}
	}

	/**
	 * Remove a socket left behind at the given path, typically by a daemon that was
	 * killed. Anything else at the path (a regular file, a directory, a symbolic link,
	 * even one to a socket) is left untouched and refused. Call this only while holding
	 * the {@link PidFileLock}, so that the socket of a running instance is never removed.
	 * @param socket the socket path
	 * @return {@code true} if a socket was removed, {@code false} if nothing existed
	 * @throws NotASocketException if something other than a socket exists at the path
	 * @throws UncheckedIOException if the path cannot be inspected or removed
	 */
	public static boolean removeStaleSocket(Path socket) {
		Objects.requireNonNull(socket, "'socket' must not be null");
		try {
			Integer mode = mode(socket);
			if (mode == null) {
				return false;
			}
			if ((mode & S_IFMT) != S_IFSOCK) {
				throw new NotASocketException(socket, describe(mode));
			}
			return Files.deleteIfExists(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to remove stale socket '" + socket + "'", ex);
		}
	}

	private static @Nullable Integer mode(Path path) throws IOException {
		try {
			return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private static String describe(int mode) {
		return switch (mode & S_IFMT) {
			case S_IFREG -> "a regular file";
			case S_IFDIR -> "a directory";
			case S_IFLNK -> "a symbolic link";
			case S_IFIFO -> "a named pipe";
			case S_IFCHR -> "a character device";
			case S_IFBLK -> "a block device";
			default -> "a file of unknown type";
		};
	}

}
