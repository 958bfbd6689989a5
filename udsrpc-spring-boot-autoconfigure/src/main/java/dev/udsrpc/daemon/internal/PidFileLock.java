package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

import dev.udsrpc.daemon.AlreadyRunningException;
import dev.udsrpc.daemon.DaemonFileException;
import org.jspecify.annotations.Nullable;

/**
 * The single-instance lock of a daemon: an exclusive lock on its PID file, held for the
 * life of the process, with the PID written into the file.
 * <p>
 * The lock, not the file, is the truth: a PID file that is left behind by a killed
 * process (naming a dead or recycled PID) but not locked never blocks
 * {@link #acquire(Path, String)}. The operating system releases the lock when the process
 * dies, whatever the way.
 * <p>
 * The lock is a POSIX record lock ({@link FileChannel#tryLock()}, {@code fcntl}), so it
 * excludes other processes that use {@code fcntl} or {@code lockf} on the same file, but
 * not processes that use {@code flock}. A new PID file is created with permissions
 * {@code 0644} (less the umask), as PID files usually are, so that tools run by other
 * users can read the PID. The last path segment must not be a symbolic link.
 * <p>
 * POSIX locks belong to the process, and closing <em>any</em> descriptor of the file
 * releases them. Locks acquired through this class are therefore tracked per JVM, and the
 * file is never opened again while it is locked here; code in the same JVM must not open
 * the PID file of a held lock either.
 *
 * @since 0.1.0
 */
public final class PidFileLock implements AutoCloseable {

	private static final int MAX_ATTEMPTS = 10;

	private static final FileAttribute<Set<PosixFilePermission>> PERMISSIONS = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

	/**
	 * Locks held in this JVM by file key. Also the monitor that serializes acquiring and
	 * releasing in this JVM.
	 */
	private static final Map<Object, PidFileLock> held = new HashMap<>();

	private final Path path;

	private final Object fileKey;

	private final long pid;

	private final FileChannel channel;

	private final FileLock lock;

	private boolean closed;

	private PidFileLock(Path path, Object fileKey, long pid, FileChannel channel, FileLock lock) {
		this.path = path;
		this.fileKey = fileKey;
		this.pid = pid;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Acquire the lock on the given PID file, creating the file if necessary, and write
	 * the PID of the current process into it. Never blocks for longer than it takes to
	 * read the PID of a running instance.
	 * @param pidFile the PID file; its directory must exist
	 * @param appName the application name, used in the exception message
	 * @return the held lock, to be closed on shutdown
	 * @throws AlreadyRunningException if another process, or another {@code PidFileLock}
	 * in this JVM, holds the lock
	 * @throws DaemonFileException if the PID file cannot be created, opened, locked or
	 * written
	 */
	public static PidFileLock acquire(Path pidFile, String appName) {
		Objects.requireNonNull(pidFile, "'pidFile' must not be null");
		Objects.requireNonNull(appName, "'appName' must not be null");
		synchronized (held) {
			try {
				for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
					PidFileLock lock = tryAcquire(pidFile, appName);
					if (lock != null) {
						return lock;
					}
				}
				throw new IOException("PID file was replaced " + MAX_ATTEMPTS + " times while it was being locked");
			}
			catch (IOException ex) {
				throw new DaemonFileException(DaemonFileException.Kind.PID_FILE, pidFile, ex);
			}
		}
	}

	/**
	 * Make one attempt to acquire the lock.
	 * @return the lock, or {@code null} to try again because the file did not exist or
	 * was replaced meanwhile
	 */
	private static @Nullable PidFileLock tryAcquire(Path path, String appName) throws IOException {
		Object fileKey = FileKeys.atPath(path);
		if (fileKey == null) {
			create(path);
			return null;
		}
		PidFileLock current = held.get(fileKey);
		if (current != null) {
			throw new AlreadyRunningException(appName, OptionalLong.of(current.pid), path);
		}
		FileChannel channel;
		try {
			channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
					LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		boolean keepOpen = false;
		try {
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				// Locked by other code of this JVM, not through this class
				throw new AlreadyRunningException(appName, OptionalLong.of(ProcessHandle.current().pid()), path);
			}
			// The channel may have opened a file that its previous owner unlinked before
			// releasing it (see close()): then locking it proves nothing. Compare the
			// file the channel holds open with the file at the path now; the inode read
			// before opening is not enough, as inode numbers are reused once files are
			// freed.
			Object atPath = FileKeys.atPath(path);
			Object opened = FileKeys.opened(path);
			if (atPath == null || !atPath.equals((opened != null) ? opened : fileKey)) {
				return null;
			}
			if (lock == null) {
				throw new AlreadyRunningException(appName,
						PidFileContent.awaitPid(channel, PidFileContent.PID_READ_TIMEOUT), path);
			}
			long pid = ProcessHandle.current().pid();
			PidFileContent.write(channel, pid);
			PidFileLock pidFileLock = new PidFileLock(path, fileKey, pid, channel, lock);
			held.put(fileKey, pidFileLock);
			keepOpen = true;
			return pidFileLock;
		}
		finally {
			if (!keepOpen) {
				channel.close();
			}
		}
	}

	/**
	 * Find out, without taking it, whether the lock of a PID file is held, and by which
	 * PID: how {@code status} and {@code stop} tell a running daemon from a stale PID
	 * file.
	 * @param pidFile the PID file
	 * @return the state of the PID file
	 * @throws UncheckedIOException if the file cannot be inspected
	 */
	public static State inspect(Path pidFile) {
		Objects.requireNonNull(pidFile, "'pidFile' must not be null");
		synchronized (held) {
			try {
				Object fileKey = FileKeys.atPath(pidFile);
				PidFileLock own = (fileKey != null) ? held.get(fileKey) : null;
				if (own != null) {
					return new State(true, true, OptionalLong.of(own.pid));
				}
				return (fileKey != null) ? PidFileProbe.probe(pidFile) : new State(false, false, OptionalLong.empty());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to inspect PID file '" + pidFile + "'", ex);
			}
		}
	}

	/**
	 * What {@link #inspect(Path)} found.
	 *
	 * @param exists whether the PID file exists
	 * @param locked whether a live process holds its lock
	 * @param pid the PID written in the file, if any
	 */
	public record State(boolean exists, boolean locked, OptionalLong pid) {

	}

	private static void create(Path path) throws IOException {
		try {
			Files.createFile(path, PERMISSIONS);
		}
		catch (FileAlreadyExistsException ex) {
			// Created by someone else meanwhile: fine, lock that one
		}
	}

	/**
	 * Return the PID written into the PID file, that of the current process.
	 * @return the PID
	 */
	public long pid() {
		return this.pid;
	}

	/**
	 * Return the locked PID file.
	 * @return the path of the PID file
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return whether the lock is still held, that is {@link #close()} has not been
	 * called.
	 * @return {@code true} if the lock is held
	 */
	public boolean isHeld() {
		synchronized (held) {
			return !this.closed && this.lock.isValid();
		}
	}

	/**
	 * Delete the PID file and release the lock. The file is deleted while the lock is
	 * still held, so that a process waiting for it cannot lock a file that is about to
	 * disappear. Failures are logged, not thrown: the lock is released anyway. Calling
	 * this method again has no effect.
	 */
	@Override
	public void close() {
		synchronized (held) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				deleteIfOwned();
			}
			finally {
				release();
				held.remove(this.fileKey, this);
			}
		}
	}

	private void deleteIfOwned() {
		try {
			// Never delete a file that someone else put in place of ours
			if (this.fileKey.equals(FileKeys.atPath(this.path))) {
				Files.deleteIfExists(this.path);
			}
		}
		catch (IOException ex) {
			logger().log(Level.WARNING, "Failed to delete PID file '" + this.path + "'", ex);
		}
	}

	private void release() {
		try {
			try {
				this.lock.release();
			}
			finally {
				this.channel.close();
			}
		}
		catch (IOException ex) {
			logger().log(Level.WARNING, "Failed to release lock on PID file '" + this.path + "'", ex);
		}
	}

	/**
	 * Return the logger, only when there is something to log: creating it starts the
	 * JDK's logging, which a command that only inspects a PID file does not need.
	 */
	private static System.Logger logger() {
		return System.getLogger(PidFileLock.class.getName());
	}

	@Override
	public String toString() {
		return "PidFileLock[path=" + this.path + ", pid=" + this.pid + ", held=" + isHeld() + "]";
	}

}
