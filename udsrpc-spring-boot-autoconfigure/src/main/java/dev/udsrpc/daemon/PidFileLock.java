package dev.udsrpc.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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

	private static final long PID_READ_TIMEOUT = TimeUnit.MILLISECONDS.toNanos(200);

	private static final long PID_READ_PAUSE = TimeUnit.MILLISECONDS.toNanos(5);

	private static final int MAX_PID_FILE_BYTES = 64;

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
	 * @throws UncheckedIOException if the PID file cannot be created, opened, locked or
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
				throw new UncheckedIOException("Failed to lock PID file '" + pidFile + "'", ex);
			}
		}
	}

	/**
	 * Make one attempt to acquire the lock.
	 * @return the lock, or {@code null} to try again because the file did not exist or
	 * was replaced meanwhile
	 */
	private static @Nullable PidFileLock tryAcquire(Path path, String appName) throws IOException {
		Object fileKey = fileKey(path);
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
			// file
			// the channel holds open with the file at the path now; the inode read before
			// opening is not enough, as inode numbers are reused once files are freed.
			Object atPath = fileKey(path);
			Object opened = openedFileKey(path);
			if (atPath == null || !atPath.equals((opened != null) ? opened : fileKey)) {
				return null;
			}
			if (lock == null) {
				throw new AlreadyRunningException(appName, readPid(channel), path);
			}
			long pid = ProcessHandle.current().pid();
			writePid(channel, pid);
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
				Object fileKey = fileKey(pidFile);
				if (fileKey == null) {
					return new State(false, false, OptionalLong.empty());
				}
				PidFileLock own = held.get(fileKey);
				if (own != null) {
					return new State(true, true, OptionalLong.of(own.pid));
				}
				try (FileChannel channel = FileChannel.open(pidFile, StandardOpenOption.READ)) {
					FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
					boolean locked = probe == null;
					if (probe != null) {
						probe.release();
					}
					return new State(true, locked, locked ? readPid(channel) : parsePid(read(channel).trim()));
				}
			}
			catch (NoSuchFileException ex) {
				return new State(false, false, OptionalLong.empty());
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

	/**
	 * Return the file key of the file this process has open at the given path, read
	 * through {@code /proc/self/fd} (which also resolves unlinked files), or {@code null}
	 * where that is not available or not unique. Only called while holding the monitor
	 * that serializes this class, so the channel being locked is the only one open.
	 */
	private static @Nullable Object openedFileKey(Path path) {
		Path descriptors = Path.of("/proc/self/fd");
		if (!Files.isDirectory(descriptors)) {
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
		try (DirectoryStream<Path> links = Files.newDirectoryStream(descriptors)) {
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

	private static @Nullable Object fileKey(Path path) throws IOException {
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

	private static void create(Path path) throws IOException {
		try {
			Files.createFile(path, PERMISSIONS);
		}
		catch (FileAlreadyExistsException ex) {
			// Created by someone else meanwhile: fine, lock that one
		}
	}

	private static void writePid(FileChannel channel, long pid) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII));
		channel.truncate(0);
		while (buffer.hasRemaining()) {
			channel.write(buffer, buffer.position());
		}
	}

	/**
	 * Read the PID of the process holding the lock. The file may still be empty or partly
	 * written when the holder has just locked it, so keep reading briefly.
	 */
	private static OptionalLong readPid(FileChannel channel) throws IOException {
		long deadline = System.nanoTime() + PID_READ_TIMEOUT;
		while (true) {
			String content = read(channel);
			boolean complete = content.endsWith("\n");
			if (complete || System.nanoTime() - deadline >= 0) {
				return parsePid(content.trim());
			}
			LockSupport.parkNanos(PID_READ_PAUSE);
		}
	}

	private static String read(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(MAX_PID_FILE_BYTES);
		while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
			// keep reading
		}
		buffer.flip();
		return StandardCharsets.US_ASCII.decode(buffer).toString();
	}

	private static OptionalLong parsePid(String text) {
		if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch((ch) -> ch >= '0' && ch <= '9')) {
			return OptionalLong.empty();
		}
		long pid = Long.parseLong(text);
		return (pid > 0) ? OptionalLong.of(pid) : OptionalLong.empty();
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
			if (this.fileKey.equals(fileKey(this.path))) {
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
