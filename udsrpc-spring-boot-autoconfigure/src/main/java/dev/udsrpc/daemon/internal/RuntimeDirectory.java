package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.udsrpc.daemon.DaemonFileException;
import dev.udsrpc.daemon.UnsafeRuntimeDirectoryException;
import org.jspecify.annotations.Nullable;

/**
 * The per-user runtime directory of a daemon, which holds its socket and PID file.
 * <p>
 * The default location follows the Go library {@code go-uds-jsonrpc}:
 * {@code $XDG_RUNTIME_DIR/<app>}, or {@code <java.io.tmpdir>/<app>-<uid>} when
 * {@code XDG_RUNTIME_DIR} is not set. {@link #ensure(Path)} creates the directory
 * owner-only, or checks that an existing one can be trusted; {@link #verify(Path, long)}
 * makes the same checks, for the user a daemon is expected to run as, without creating
 * anything: what clients and commands trust.
 *
 * @since 0.1.0
 */
public final class RuntimeDirectory {

	private static final String XDG_RUNTIME_DIR = "XDG_RUNTIME_DIR";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private RuntimeDirectory() {
	}

	/**
	 * Return the default runtime directory of the given application for the current user,
	 * based on the environment and the {@code java.io.tmpdir} system property.
	 * @param appName the application name, used as a single path segment
	 * @return the default runtime directory (not created)
	 * @see #defaultPath(String, Map, String, long)
	 */
	public static Path defaultPath(String appName) {
		return defaultPath(appName, System.getenv(), System.getProperty("java.io.tmpdir"), PosixUser.currentUid());
	}

	/**
	 * Return the default runtime directory of the given application: {@code <xdg>/<app>}
	 * when the environment has a non-empty {@code XDG_RUNTIME_DIR}, otherwise
	 * {@code <tmpDir>/<app>-<uid>}.
	 * @param appName the application name, used as a single path segment
	 * @param env the environment variables
	 * @param tmpDir the temporary directory
	 * @param uid the user id
	 * @return the default runtime directory (not created)
	 * @throws IllegalArgumentException if the application name is empty or is not a
	 * single path segment
	 */
	public static Path defaultPath(String appName, Map<String, String> env, String tmpDir, long uid) {
		Objects.requireNonNull(appName, "'appName' must not be null");
		Objects.requireNonNull(env, "'env' must not be null");
		Objects.requireNonNull(tmpDir, "'tmpDir' must not be null");
		checkAppName(appName);
		String xdgRuntimeDir = env.get(XDG_RUNTIME_DIR);
		if (xdgRuntimeDir != null && !xdgRuntimeDir.isEmpty()) {
			return Path.of(xdgRuntimeDir, appName);
		}
		return Path.of(tmpDir, appName + "-" + uid);
	}

	private static void checkAppName(String appName) {
		if (appName.isEmpty() || appName.equals(".") || appName.equals("..") || appName.indexOf('/') >= 0
				|| appName.indexOf('\0') >= 0) {
			throw new IllegalArgumentException(
					"'appName' must be a non-empty file name without '/', but was '" + appName + "'");
		}
	}

	/**
	 * Make sure the given runtime directory exists and can be trusted.
	 * <p>
	 * A missing directory is created with permissions {@code 0700} (set explicitly, so
	 * the umask does not matter); missing parents are created with default permissions.
	 * An existing directory is accepted only when it is a real directory (not a symbolic
	 * link), owned by the current user and not writable by group or others. Its
	 * permissions are never changed. Calling this method again is harmless, and two
	 * processes may call it at the same time.
	 * @param dir the runtime directory
	 * @return {@code dir}
	 * @throws UnsafeRuntimeDirectoryException if an existing directory cannot be trusted
	 * @throws DaemonFileException if the directory cannot be created or inspected
	 */
	public static Path ensure(Path dir) {
		Objects.requireNonNull(dir, "'dir' must not be null");
		try {
			PosixFileAttributes attributes = readAttributes(dir);
			if (attributes == null) {
				try {
					create(dir);
					return dir;
				}
				catch (FileAlreadyExistsException ex) {
					// Another process created it first: check what it made.
					attributes = readAttributes(dir);
					if (attributes == null) {
						throw ex;
					}
				}
			}
			check(dir, attributes, PosixUser.currentUid());
			return dir;
		}
		catch (IOException ex) {
			throw new DaemonFileException(DaemonFileException.Kind.RUNTIME_DIRECTORY, dir, ex);
		}
	}

	/**
	 * Check that the given runtime directory, if it exists, can be trusted as that of a
	 * daemon run by the given user: exactly the checks {@link #ensure(Path)} makes of an
	 * existing directory, for that user. Creates and changes nothing.
	 * @param dir the runtime directory
	 * @param owner the uid the directory must belong to
	 * @return {@code true} if the directory exists and can be trusted, {@code false} if
	 * it does not exist
	 * @throws UnsafeRuntimeDirectoryException if it exists and cannot be trusted
	 * @throws UncheckedIOException if the directory cannot be inspected
	 */
	public static boolean verify(Path dir, long owner) {
		Objects.requireNonNull(dir, "'dir' must not be null");
		try {
			PosixFileAttributes attributes = readAttributes(dir);
			if (attributes == null) {
				return false;
			}
			check(dir, attributes, owner);
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to inspect runtime directory '" + dir + "'", ex);
		}
	}

	private static @Nullable PosixFileAttributes readAttributes(Path dir) throws IOException {
		try {
			return Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private static void create(Path dir) throws IOException {
		Path parent = dir.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		// The umask may have removed bits, and a restrictive one can even lock us out
		Files.setPosixFilePermissions(dir, OWNER_ONLY);
	}

	private static void check(Path dir, PosixFileAttributes attributes, long uid) throws IOException {
		if (attributes.isSymbolicLink()) {
			throw new UnsafeRuntimeDirectoryException(dir, "is a symbolic link");
		}
		if (!attributes.isDirectory()) {
			throw new UnsafeRuntimeDirectoryException(dir, "is not a directory");
		}
		long owner = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
		if (owner != uid) {
			throw new UnsafeRuntimeDirectoryException(dir, "is owned by uid " + owner + ", not by uid " + uid);
		}
		Set<PosixFilePermission> permissions = attributes.permissions();
		if (permissions.contains(PosixFilePermission.GROUP_WRITE)
				|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
			throw new UnsafeRuntimeDirectoryException(dir,
					"is group or other writable (" + PosixFilePermissions.toString(permissions) + ")");
		}
	}

}
