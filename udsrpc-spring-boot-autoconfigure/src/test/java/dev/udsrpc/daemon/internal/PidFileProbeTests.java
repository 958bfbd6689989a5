package dev.udsrpc.daemon.internal;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PidFileProbe} and {@link PidFileLock#inspect(Path)}, which asks it
 * about PID files that this JVM does not lock.
 */
class PidFileProbeTests {

	@TempDir
	Path tempDir;

	private final PythonLocks python = new PythonLocks();

	@AfterEach
	void stopProcesses() {
		this.python.close();
	}

	@Test
	void missingPidFileIsNeitherThereNorLocked() throws Exception {
		Path pidFile = this.tempDir.resolve("app.pid");
		assertThat(PidFileProbe.probe(pidFile)).isEqualTo(new PidFileLock.State(false, false, OptionalLong.empty()));
		assertThat(PidFileLock.inspect(pidFile)).isEqualTo(new PidFileLock.State(false, false, OptionalLong.empty()));
	}

	@Test
	void pidFileLeftBehindIsNotLockedAndNamesItsPid() throws Exception {
		Path pidFile = Files.writeString(this.tempDir.resolve("app.pid"), "2147483646\n");
		assertThat(PidFileLock.inspect(pidFile))
			.isEqualTo(new PidFileLock.State(true, false, OptionalLong.of(2147483646)));
		Files.writeString(pidFile, "garbage\n");
		assertThat(PidFileLock.inspect(pidFile)).isEqualTo(new PidFileLock.State(true, false, OptionalLong.empty()));
	}

	@Test
	void pidFileLockedByAnotherProcessIsLockedAndNamesThatProcess() throws Exception {
		PythonLocks.assumeAvailable();
		Path pidFile = this.tempDir.resolve("app.pid");
		Process holder = this.python.hold(pidFile);
		assertThat(PidFileLock.inspect(pidFile))
			.isEqualTo(new PidFileLock.State(true, true, OptionalLong.of(holder.pid())));
		assertThat(this.python.probe(pidFile)).as("probing leaves the lock with its holder").isEqualTo("blocked");
		holder.destroyForcibly();
		assertThat(holder.waitFor(PythonLocks.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
		assertThat(PidFileLock.inspect(pidFile).locked()).isFalse();
	}

	@Test
	void pidFileLockedByAnotherProcessThatWroteNoPidIsLockedWithoutPid() throws Exception {
		PythonLocks.assumeAvailable();
		Path pidFile = this.tempDir.resolve("app.pid");
		this.python.holdWithoutPid(pidFile);
		assertThat(PidFileLock.inspect(pidFile)).isEqualTo(new PidFileLock.State(true, true, OptionalLong.empty()));
	}

	@Test
	void pidFileLockedInThisJvmIsLockedByThisProcessAndStaysLocked() throws Exception {
		PythonLocks.assumeAvailable();
		Path pidFile = this.tempDir.resolve("app.pid");
		try (PidFileLock lock = PidFileLock.acquire(pidFile, "app")) {
			assertThat(PidFileLock.inspect(pidFile))
				.isEqualTo(new PidFileLock.State(true, true, OptionalLong.of(ProcessHandle.current().pid())));
			assertThat(lock.isHeld()).isTrue();
			assertThat(this.python.probe(pidFile)).isEqualTo("blocked");
		}
	}

	@Test
	void symbolicLinkAsPidFileCannotBeInspected() throws Exception {
		Path target = Files.writeString(this.tempDir.resolve("target"), "1\n");
		Path pidFile = Files.createSymbolicLink(this.tempDir.resolve("app.pid"), target);
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> PidFileLock.inspect(pidFile))
			.withMessage("Failed to inspect PID file '" + pidFile + "'")
			.havingCause()
			.withMessageContaining("PID file is a symbolic link");
	}

}
