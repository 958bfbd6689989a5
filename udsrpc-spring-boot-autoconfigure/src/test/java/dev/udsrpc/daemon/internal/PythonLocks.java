package dev.udsrpc.daemon.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.test.TestThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Python processes that take or try the POSIX record lock of a file ({@code lockf} is
 * {@code fcntl} based, like {@code FileChannel.tryLock}), as another daemon would.
 */
final class PythonLocks implements AutoCloseable {

	static final long TIMEOUT_SECONDS = 30;

	/**
	 * Takes the lock, writes its PID unless told {@code nopid}, reports {@code locked}
	 * and holds the lock until its standard input is closed.
	 */
	private static final String HOLDER = """
			import fcntl, os, sys
			fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
			fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
			if sys.argv[2] != "nopid":
			    os.ftruncate(fd, 0)
			    os.write(fd, (str(os.getpid()) + "\\n").encode())
			print("locked", flush=True)
			sys.stdin.read()
			""";

	/**
	 * Tries to take the lock and reports {@code acquired} or {@code blocked}.
	 */
	private static final String PROBE = """
			import fcntl, os, sys
			fd = os.open(sys.argv[1], os.O_RDWR)
			try:
			    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
			    print("acquired", flush=True)
			except OSError:
			    print("blocked", flush=True)
			""";

	private final List<Process> processes = new CopyOnWriteArrayList<>();

	/**
	 * Skip the calling test unless {@code python3} with {@code fcntl} can be run.
	 */
	static void assumeAvailable() {
		boolean available;
		try {
			Process process = new ProcessBuilder("python3", "-c", "import fcntl").start();
			available = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			available = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			available = false;
		}
		assumeTrue(available, "python3 is needed to hold a lock in another process");
	}

	/**
	 * Start a process that locks the file and writes its PID into it.
	 * @param file the file
	 * @return the process, holding the lock until it is destroyed
	 */
	Process hold(Path file) throws Exception {
		return hold(file, true);
	}

	/**
	 * Start a process that locks the file and leaves it empty.
	 * @param file the file
	 * @return the process, holding the lock until it is destroyed
	 */
	Process holdWithoutPid(Path file) throws Exception {
		return hold(file, false);
	}

	private Process hold(Path file, boolean writePid) throws Exception {
		Process holder = start(HOLDER, file.toString(), writePid ? "pid" : "nopid");
		assertThat(readLine(holder)).isEqualTo("locked");
		return holder;
	}

	/**
	 * Try to take the lock from another process.
	 * @param file the file
	 * @return {@code acquired} or {@code blocked}
	 */
	String probe(Path file) throws Exception {
		Process probe = start(PROBE, file.toString());
		String result = readLine(probe);
		assertThat(probe.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
		return result;
	}

	private Process start(String script, String... args) throws IOException {
		List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		this.processes.add(process);
		return process;
	}

	/**
	 * Read the next line that a child process writes, failing after a while.
	 * @param process the process
	 * @return the line
	 */
	static String readLine(Process process) throws Exception {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		return CompletableFuture.supplyAsync(() -> {
			try {
				return reader.readLine();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, TestThreads.PER_TASK).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.processes.forEach(Process::destroyForcibly);
	}

}
