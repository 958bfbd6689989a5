package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.jspecify.annotations.Nullable;

/**
 * The identity of a PID file (its file key: device and inode), both of the file at its
 * path and of the file this process has open under that path, so that a lock is known to
 * be on the file that is at the path now.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see PidFileLock
 */
final class FileKeys {

	private static final Path DESCRIPTORS = Path.of("/proc/self/fd");

	private FileKeys() {
	}

	/**
	 * Return the file key of the regular file at the given path, its last segment not
	 * followed if it is a symbolic link.
	 * @param path the path
	 * @return the file key, or {@code null} if there is no file at the path
	 * @throws FileSystemException if the file is a symbolic link or not a regular file,
	 * or the file system has no file keys
	 * @throws IOException if the attributes cannot be read
	 */
	static @Nullable Object atPath(Path path) throws IOException {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		if (!attributes.isRegularFile()) {
			throw new FileSystemException(path.toString(), null,
					attributes.isSymbolicLink() ? "PID file is a symbolic link" : "PID file is not a regular file");
		}
		Object fileKey = attributes.fileKey();
		if (fileKey == null) {
			throw new FileSystemException(path.toString(), null, "File system does not provide file keys");
		}
		return fileKey;
	}

	/**
	 * Return the file key of the file this process has open at the given path, read
	 * through {@code /proc/self/fd} (which also resolves files unlinked since they were
	 * opened), or {@code null} where that is not available, or where descriptors of
	 * different files have that name. The caller makes sure that no other descriptor of a
	 * file at that path is opened meanwhile.
	 * @param path the path the file was opened at
	 * @return the file key, or {@code null}
	 */
	static @Nullable Object opened(Path path) {
		if (!Files.isDirectory(DESCRIPTORS)) {
			return null;
		}
		String target;
		try {
			Path absolute = path.toAbsolutePath();
			target = absolute.getParent().toRealPath().resolve(absolute.getFileName()).toString();
		}
		catch (IOException ex) {
			return null;
		}
		Object found = null;
		try (DirectoryStream<Path> links = Files.newDirectoryStream(DESCRIPTORS)) {
			for (Path link : links) {
				String name;
				try {
					name = Files.readSymbolicLink(link).toString();
				}
				catch (IOException ex) {
					continue;
				}
				if (name.equals(target) || name.equals(target + " (deleted)")) {
					Object key = Files.readAttributes(link, BasicFileAttributes.class).fileKey();
					if (found != null && !found.equals(key)) {
						return null;
					}
					found = key;
				}
			}
		}
		catch (IOException ex) {
			return null;
		}
		return found;
	}

}
