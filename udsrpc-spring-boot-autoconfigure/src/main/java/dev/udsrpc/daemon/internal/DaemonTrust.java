package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import dev.udsrpc.daemon.UnsafeRuntimeDirectoryException;
import dev.udsrpc.daemon.UntrustedDaemonException;
import org.jspecify.annotations.Nullable;

/**
 * What a client or a command checks before it believes that it talks to a daemon: that
 * the daemon's files belong to the user the daemon is expected to run as (the current
 * one, or the one it is started as), as the daemon itself checks its runtime directory.
 * <ul>
 * <li>the runtime directory: see {@link RuntimeDirectory#verify(Path, long)};</li>
 * <li>the PID file: a regular file (not a symbolic link) owned by that user;</li>
 * <li>the socket: served by a process of that user or of root (the peer credentials of
 * the connection);</li>
 * <li>a PID the daemon reports, before it is signalled: a process of that user.</li>
 * </ul>
 * Each check throws an {@link UntrustedDaemonException} that names the path and the
 * reason.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class DaemonTrust {

	private final long owner;

	private DaemonTrust(long owner) {
		this.owner = owner;
	}

	/**
	 * Trust a daemon run by the given user.
	 * @param uid the uid the daemon is expected to run as
	 * @return the checks
	 */
	public static DaemonTrust owner(long uid) {
		if (uid < 0) {
			throw new IllegalArgumentException("'uid' must not be negative, but was " + uid);
		}
		return new DaemonTrust(uid);
	}

	/**
	 * Trust a daemon run by the current user.
	 * @return the checks
	 */
	public static DaemonTrust currentUser() {
		return owner(PosixUser.currentUid());
	}

	/**
	 * Return the uid the daemon is expected to run as.
	 * @return the uid
	 */
	public long owner() {
		return this.owner;
	}

	/**
	 * Check the runtime directory, if it exists.
	 * @param dir the runtime directory
	 * @return {@code true} if it exists (and can be trusted), {@code false} if it does
	 * not exist
	 * @throws UntrustedDaemonException if it cannot be trusted
	 */
	public boolean verifyRuntimeDirectory(Path dir) {
		return verifyDirectory("the runtime directory", dir);
	}

	/**
	 * Check a directory of the daemon, if it exists, as the runtime directory is checked:
	 * a directory (not a symbolic link) owned by the expected user and not writable by
	 * group or others.
	 * @param what what the directory is, for example {@code "the log directory"}
	 * @param dir the directory
	 * @return {@code true} if it exists (and can be trusted), {@code false} if it does
	 * not exist
	 * @throws UntrustedDaemonException if it cannot be trusted
	 */
	public boolean verifyDirectory(String what, Path dir) {
		Objects.requireNonNull(what, "'what' must not be null");
		try {
			return RuntimeDirectory.verify(dir, this.owner);
		}
		catch (UnsafeRuntimeDirectoryException ex) {
			throw new UntrustedDaemonException(what, dir, ex.reason(), ex);
		}
	}

	/**
	 * Check the PID file, if it exists.
	 * @param pidFile the PID file
	 * @return {@code true} if it exists (and can be trusted), {@code false} if it does
	 * not exist
	 * @throws UntrustedDaemonException if it cannot be trusted
	 */
	public boolean verifyPidFile(Path pidFile) {
		Objects.requireNonNull(pidFile, "'pidFile' must not be null");
		PosixFileAttributes attributes;
		try {
			attributes = Files.readAttributes(pidFile, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to inspect PID file '" + pidFile + "'", ex);
		}
		if (attributes.isSymbolicLink()) {
			throw new UntrustedDaemonException("the PID file", pidFile, "is a symbolic link");
		}
		if (!attributes.isRegularFile()) {
			throw new UntrustedDaemonException("the PID file", pidFile, "is not a regular file");
		}
		long uid = uid(pidFile);
		if (uid != this.owner) {
			throw new UntrustedDaemonException("the PID file", pidFile,
					"is owned by uid " + uid + ", not by " + expected());
		}
		return true;
	}

	/**
	 * Check the user that serves a socket, as read from the peer credentials of a
	 * connection to it: the expected user or root.
	 * @param socket the socket
	 * @param serverUid the uid of the peer
	 * @throws UntrustedDaemonException if the socket is served by another user
	 */
	public void verifyServer(Path socket, long serverUid) {
		Objects.requireNonNull(socket, "'socket' must not be null");
		if (serverUid != this.owner && serverUid != 0) {
			throw new UntrustedDaemonException("the socket", socket,
					"is served by uid " + serverUid + ", not by " + expected() + ((this.owner != 0) ? " or root" : ""));
		}
	}

	/**
	 * Check the user that serves a socket, as the JDK reads it from the peer credentials
	 * of a connection ({@code jdk.net.ExtendedSocketOptions.SO_PEERCRED}): the expected
	 * user or root. The JDK names users, not uids, so the expected user is the owner of
	 * the runtime directory, read in the same {@code stat} as its uid, and root is the
	 * owner of {@code /} when that is uid 0; neither needs the user database.
	 * @param socket the socket
	 * @param server the user of the peer
	 * @param runtimeDir the runtime directory, already verified
	 * @throws UntrustedDaemonException if the socket is served by another user
	 */
	public void verifyServer(Path socket, UserPrincipal server, Path runtimeDir) {
		Objects.requireNonNull(socket, "'socket' must not be null");
		Objects.requireNonNull(server, "'server' must not be null");
		Objects.requireNonNull(runtimeDir, "'runtimeDir' must not be null");
		if (server.equals(principalOf(runtimeDir, this.owner)) || server.equals(principalOf(Path.of("/"), 0))) {
			return;
		}
		throw new UntrustedDaemonException("the socket", socket, "is served by user '" + server.getName() + "', not by "
				+ expected() + ((this.owner != 0) ? " or root" : ""));
	}

	/**
	 * Return the owner of a file if it is the given uid, else {@code null}.
	 */
	private static @Nullable UserPrincipal principalOf(Path file, long uid) {
		try {
			Map<String, Object> attributes = Files.readAttributes(file, "unix:uid,owner", LinkOption.NOFOLLOW_LINKS);
			Object owner = attributes.get("owner");
			return (((Number) attributes.get("uid")).longValue() == uid && owner instanceof UserPrincipal principal)
					? principal : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Check a PID that the daemon at the given socket reported, before signalling it: it
	 * must be a running process of the expected user (real and effective uid).
	 * @param socket the socket of the daemon that reported the PID
	 * @param pid the PID
	 * @return {@code true} if the process runs (as the expected user), {@code false} if
	 * there is no such process
	 * @throws UntrustedDaemonException if the process belongs to another user or its user
	 * cannot be told
	 */
	public boolean verifyProcess(Path socket, long pid) {
		Objects.requireNonNull(socket, "'socket' must not be null");
		if (pid <= 0) {
			throw new UntrustedDaemonException("the socket", socket, "reported PID " + pid + ", which is no process");
		}
		Path status = Path.of("/proc", Long.toString(pid), "status");
		String text;
		try {
			text = Files.readString(status);
		}
		catch (NoSuchFileException ex) {
			if (Files.isDirectory(Path.of("/proc/self"))) {
				return false;
			}
			throw new UntrustedDaemonException("the socket", socket,
					"reported PID " + pid + ", but without /proc the user of a process cannot be told");
		}
		catch (IOException ex) {
			throw new UntrustedDaemonException("the socket", socket,
					"reported PID " + pid + ", whose user cannot be read: " + ex.getMessage(), ex);
		}
		OptionalLong real = uidField(text, 0);
		OptionalLong effective = uidField(text, 1);
		if (real.isEmpty() || effective.isEmpty()) {
			throw new UntrustedDaemonException("the socket", socket,
					"reported PID " + pid + ", whose user cannot be read from " + status);
		}
		if (real.getAsLong() != this.owner || effective.getAsLong() != this.owner) {
			throw new UntrustedDaemonException("the socket", socket, "reported PID " + pid + ", which runs as uid "
					+ ((real.getAsLong() != this.owner) ? real : effective).getAsLong() + ", not as " + expected());
		}
		return true;
	}

	private String expected() {
		return "uid " + this.owner;
	}

	private static long uid(Path path) {
		try {
			return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to inspect '" + path + "'", ex);
		}
	}

	/**
	 * Read one of the uids (real, effective, saved, file system) of the {@code Uid:} line
	 * of {@code /proc/<pid>/status}.
	 */
	static OptionalLong uidField(String status, int index) {
		for (String line : status.split("\n")) {
			if (line.startsWith("Uid:")) {
				// no regular expression: a command has no time to compile one
				String[] fields = line.substring(4).trim().replace('\t', ' ').split(" ");
				if (index < fields.length && fields[index].chars().allMatch(Character::isDigit)
						&& !fields[index].isEmpty()) {
					return OptionalLong.of(Long.parseLong(fields[index]));
				}
			}
		}
		return OptionalLong.empty();
	}

}
