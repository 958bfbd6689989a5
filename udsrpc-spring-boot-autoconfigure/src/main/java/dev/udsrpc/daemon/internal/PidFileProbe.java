package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Finds out whether another process holds the lock of a PID file, without taking it: a
 * shared lock is granted only while no process holds the exclusive one.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see PidFileLock#inspect(Path)
 */
final class PidFileProbe {

	private PidFileProbe() {
	}

	/**
	 * Probe a PID file that this JVM does not lock through {@link PidFileLock}. Called
	 * while holding the monitor of {@link PidFileLock}, so that the descriptor opened
	 * here cannot release a lock of this process as it is taken.
	 * @param pidFile the PID file
	 * @return the state of the file
	 * @throws IOException if the file cannot be read
	 */
	static PidFileLock.State probe(Path pidFile) throws IOException {
		try (FileChannel channel = FileChannel.open(pidFile, StandardOpenOption.READ)) {
			FileLock shared = channel.tryLock(0, Long.MAX_VALUE, true);
			boolean locked = shared == null;
			if (shared != null) {
				shared.release();
			}
			OptionalLong pid = locked ? PidFileContent.awaitPid(channel, PidFileContent.PID_READ_TIMEOUT)
					: PidFileContent.readPid(channel);
			return new PidFileLock.State(true, locked, pid);
		}
		catch (NoSuchFileException ex) {
			return new PidFileLock.State(false, false, OptionalLong.empty());
		}
	}

}
