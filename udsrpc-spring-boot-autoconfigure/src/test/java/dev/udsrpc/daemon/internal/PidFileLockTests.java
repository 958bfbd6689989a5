package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.daemon.AlreadyRunningException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PidFileLock}.
 */
class PidFileLockTests {

	private static final long TIMEOUT_SECONDS = PythonLocks.TIMEOUT_SECONDS;

	@TempDir
	Path tempDir;

	private final List<Process> processes = new ArrayList<>();

	private final List<PidFileLock> locks = new ArrayList<>();

	private final PythonLocks python = new PythonLocks();

	@AfterEach
	void cleanUp() {
		this.locks.forEach(PidFileLock::close);
		this.processes.forEach(Process::destroyForcibly);
		this.python.close();
	}

	@Test
	void acquireCreatesPidFileWithPidOfCurrentProcess() throws IOException {
		Path pidFile = this.tempDir.resolve("app.pid");
		PidFileLock lock = acquire(pidFile);
		long pid = ProcessHandle.current().pid();
		assertThat(lock.pid()).isEqualTo(pid);
		assertThat(lock.path()).isEqualTo(pidFile);
		assertThat(lock.isHeld()).isTrue();
		assertThat(pidFile).hasContent(pid + "\n");
		assertThat(Files.getPosixFilePermissions(pidFile)).doesNotContain(PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.OTHERS_WRITE);
	}

	@Test
	void acquireWhenHeldInSameJvmThrowsAlreadyRunningWithOurPid() {
		Path pidFile = this.tempDir.resolve("app.pid");
		acquire(pidFile);
		long pid = ProcessHandle.current().pid();
		assertThatExceptionOfType(AlreadyRunningException.class).isThrownBy(() -> PidFileLock.acquire(pidFile, "app"))
			.withMessage("Another instance of 'app' is already running (PID " + pid + ")")
			.satisfies((ex) -> {
				assertThat(ex.appName()).isEqualTo("app");
				assertThat(ex.pid()).hasValue(pid);
				assertThat(ex.pidFile()).isEqualTo(pidFile);
			});
	}

	@Test
	void acquireWhenHeldInSameJvmThroughSymbolicLinkedDirectoryThrowsAlreadyRunning() throws IOException {
		Path dir = Files.createDirectory(this.tempDir.resolve("dir"));
		Path alias = Files.createSymbolicLink(this.tempDir.resolve("alias"), dir);
		acquire(dir.resolve("app.pid"));
		assertThatExceptionOfType(AlreadyRunningException.class)
			.isThrownBy(() -> PidFileLock.acquire(alias.resolve("app.pid"), "app"));
	}

	@Test
	void failedAcquireInSameJvmKeepsLockHeldAgainstOtherProcesses() throws Exception {
		PythonLocks.assumeAvailable();
		Path pidFile = this.tempDir.resolve("app.pid");
		acquire(pidFile);
		assertThatExceptionOfType(AlreadyRunningException.class).isThrownBy(() -> PidFileLock.acquire(pidFile, "app"));
		assertThat(this.python.probe(pidFile)).isEqualTo("blocked");
	}

	@Test
	void closeDeletesPidFileAndReleasesLock() throws Exception {
		PythonLocks.assumeAvailable();
		Path pidFile = this.tempDir.resolve("app.pid");
		PidFileLock lock = acquire(pidFile);
		assertThat(this.python.probe(pidFile)).isEqualTo("blocked");
		lock.close();
		assertThat(lock.isHeld()).isFalse();
		assertThat(pidFile).doesNotExist();
		Files.createFile(pidFile);
		assertThat(this.python.probe(pidFile)).isEqualTo("acquired");
	}

	@Test
	void closeIsIdempotent() {
		Path pidFile = this.tempDir.resolve("app.pid");
		PidFileLock lock = acquire(pidFile);
		lock.close();
		lock.close();
		assertThat(lock.isHeld()).isFalse();
		assertThat(pidFile).doesNotExist();
	}

	@Test
	void acquireAfterCloseSucceeds() {
		Path pidFile = this.tempDir.resolve("app.pid");
		acquire(pidFile).close();
		PidFileLock lock = acquire(pidFile);
		assertThat(lock.isHeld()).isTrue();
		assertThat(pidFile).hasContent(ProcessHandle.current().pid() + "\n");
	}

	@Test
	void closeDoesNotDeleteFileThatReplacedThePidFile() throws IOException {
		Path pidFile = this.tempDir.resolve("app.pid");
		PidFileLock lock = acquire(pidFile);
		Path moved = Files.move(pidFile, this.tempDir.resolve("moved.pid"));
		Files.writeString(pidFile, "someone else's\n");
		lock.close();
		assertThat(pidFile).hasContent("someone else's\n");
		assertThat(moved).exists();
	}

	@Test
	void acquireSucceedsOverUnlockedPidFileNamingDeadProcess() throws IOException {
		Path pidFile = Files.writeString(this.tempDir.resolve("app.pid"), "2147483646\n");
		PidFileLock lock = acquire(pidFile);
		assertThat(lock.isHeld()).isTrue();
		assertThat(pidFile).hasContent(ProcessHandle.current().pid() + "\n");
	}

	@Test
	void acquireSucceedsOverUnlockedPidFileWithGarbage() throws IOException {
		Path pidFile = Files.writeString(this.tempDir.resolve("app.pid"), "garbage that is longer than a pid\n");
		acquire(pidFile);
		assertThat(pidFile).hasContent(ProcessHandle.current().pid() + "\n");
	}

	@Test
	void acquireRefusesSymbolicLinkAsPidFile() throws IOException {
		Path target = Files.writeString(this.tempDir.resolve("target"), "precious");
		Path pidFile = Files.createSymbolicLink(this.tempDir.resolve("app.pid"), target);
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> PidFileLock.acquire(pidFile, "app"))
			.havingCause()
			.withMessageContaining("PID file is a symbolic link");
		assertThat(target).hasContent("precious");
	}

	@Test
	void acquireFailsWhenDirectoryIsMissing() {
		Path pidFile = this.tempDir.resolve("missing/app.pid");
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> PidFileLock.acquire(pidFile, "app"))
			.withCauseInstanceOf(NoSuchFileException.class);
	}

	@Test
	void acquireWhenHeldByAnotherProcessThrowsAlreadyRunningWithItsPid() throws Exception {
		PythonLocks.assumeAvailable();
		Path pidFile = this.tempDir.resolve("app.pid");
		Process holder = this.python.hold(pidFile);
		assertThatExceptionOfType(AlreadyRunningException.class).isThrownBy(() -> PidFileLock.acquire(pidFile, "app"))
			.withMessage("Another instance of 'app' is already running (PID " + holder.pid() + ")")
			.satisfies((ex) -> assertThat(ex.pid()).hasValue(holder.pid()));
		assertThat(pidFile).hasContent(holder.pid() + "\n");
		holder.destroyForcibly();
		assertThat(holder.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
		PidFileLock lock = acquire(pidFile);
		assertThat(lock.isHeld()).isTrue();
		assertThat(pidFile).hasContent(ProcessHandle.current().pid() + "\n");
	}

	@Test
	void acquireWhenHeldByAnotherProcessWithoutPidReportsPidUnknown() throws Exception {
		PythonLocks.assumeAvailable();
		Path pidFile = this.tempDir.resolve("app.pid");
		this.python.holdWithoutPid(pidFile);
		assertThatExceptionOfType(AlreadyRunningException.class).isThrownBy(() -> PidFileLock.acquire(pidFile, "app"))
			.withMessage("Another instance of 'app' is already running (PID unknown)")
			.satisfies((ex) -> assertThat(ex.pid()).isEmpty());
	}

	@Test
	void threadsRacingForTheLockHaveExactlyOneWinner() throws Exception {
		Path pidFile = this.tempDir.resolve("app.pid");
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<OptionalLong>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(executor.submit(() -> {
					start.await();
					try {
						PidFileLock lock = PidFileLock.acquire(pidFile, "app");
						synchronized (this.locks) {
							this.locks.add(lock);
						}
						return OptionalLong.empty();
					}
					catch (AlreadyRunningException ex) {
						return ex.pid();
					}
				}));
			}
			start.countDown();
			int winners = 0;
			for (Future<OptionalLong> result : results) {
				OptionalLong loser = result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
				if (loser.isEmpty()) {
					winners++;
				}
				else {
					assertThat(loser).hasValue(ProcessHandle.current().pid());
				}
			}
			assertThat(winners).isOne();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void processesStartedTogetherHaveExactlyOneWinner() throws Exception {
		Path pidFile = this.tempDir.resolve("app.pid");
		List<Process> contenders = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			contenders.add(java(Contender.class, pidFile.toString(), "hold"));
		}
		List<String> outcomes = new ArrayList<>();
		for (Process contender : contenders) {
			outcomes.add(PythonLocks.readLine(contender));
		}
		assertThat(outcomes).filteredOn("acquired"::equals).hasSize(1);
		assertThat(outcomes).filteredOn("running"::equals).hasSize(3);
		for (Process contender : contenders) {
			contender.getOutputStream().close();
			assertThat(contender.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
			assertThat(contender.exitValue()).isZero();
		}
		assertThat(pidFile).doesNotExist();
	}

	@Test
	void processesAcquiringAndReleasingRepeatedlyNeverHoldTheLockTogether() throws Exception {
		Path pidFile = this.tempDir.resolve("app.pid");
		List<Process> contenders = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			contenders.add(java(Contender.class, pidFile.toString(), "churn", "300"));
		}
		int wins = 0;
		for (Process contender : contenders) {
			String result = PythonLocks.readLine(contender);
			assertThat(result).startsWith("wins=");
			wins += Integer.parseInt(result.substring("wins=".length()));
			assertThat(contender.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
			assertThat(contender.exitValue()).isZero();
		}
		assertThat(wins).isPositive();
	}

	private PidFileLock acquire(Path pidFile) {
		PidFileLock lock = PidFileLock.acquire(pidFile, "app");
		this.locks.add(lock);
		return lock;
	}

	private Process java(Class<?> mainClass, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(List.of(args));
		return start(new ProcessBuilder(command));
	}

	private Process start(ProcessBuilder builder) throws IOException {
		Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
		this.processes.add(process);
		return process;
	}

	/**
	 * Another daemon, in its own JVM. With {@code hold} it tries once, prints
	 * {@code acquired} or {@code running} and keeps the lock until its standard input is
	 * closed. With {@code churn <n>} it acquires and releases {@code n} times, checking
	 * with a marker file that nobody else holds the lock at the same time, and prints
	 * {@code wins=<count>}.
	 */
	static final class Contender {

		public static void main(String[] args) throws Exception {
			Path pidFile = Path.of(args[0]);
			if (args[1].equals("hold")) {
				try (PidFileLock lock = PidFileLock.acquire(pidFile, "app")) {
					System.out.println("acquired");
					System.in.readAllBytes();
				}
				catch (AlreadyRunningException ex) {
					System.out.println("running");
					System.in.readAllBytes();
				}
				return;
			}
			Path marker = pidFile.resolveSibling("holder");
			int wins = 0;
			for (int i = 0; i < Integer.parseInt(args[2]); i++) {
				try (PidFileLock lock = PidFileLock.acquire(pidFile, "app")) {
					try {
						Files.createFile(marker);
					}
					catch (FileAlreadyExistsException ex) {
						System.out.println("two processes held the lock");
						System.exit(1);
					}
					Thread.yield();
					Files.delete(marker);
					wins++;
				}
				catch (AlreadyRunningException ex) {
					// someone else has it
				}
			}
			System.out.println("wins=" + wins);
		}

	}

}
