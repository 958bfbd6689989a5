package dev.udsrpc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udsrpc.daemon.internal.PidFileLock;
import dev.udsrpc.test.LineClient;

import static org.awaitility.Awaitility.await;

/**
 * {@code myd} running as a child JVM with its own {@code XDG_RUNTIME_DIR}, as an operator
 * would start it.
 */
final class MydProcess implements AutoCloseable {

	private static final AtomicInteger count = new AtomicInteger();

	private final Process process;

	private final Path log;

	private MydProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static MydProcess start(Path xdgRuntimeDir, String... args) {
		return start(xdgRuntimeDir, List.of(), args);
	}

	/**
	 * Start {@code myd} with extra JVM options, such as {@code -Xmx256m}.
	 */
	static MydProcess start(Path xdgRuntimeDir, List<String> jvmOptions, String... args) {
		Path log = xdgRuntimeDir.resolve("myd-" + count.incrementAndGet() + ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), MydApplication.class.getName(),
				"--myd.tick-interval=0s"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("XDG_RUNTIME_DIR", xdgRuntimeDir.toString());
		builder.redirectErrorStream(true);
		builder.redirectOutput(log.toFile());
		try {
			return new MydProcess(builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Path socket(Path xdgRuntimeDir) {
		return xdgRuntimeDir.resolve("myd").resolve("myd.sock");
	}

	static Path pidFile(Path xdgRuntimeDir) {
		return xdgRuntimeDir.resolve("myd").resolve("myd.pid");
	}

	/**
	 * Wait until the daemon answers {@code Ping} on the given socket.
	 */
	static void awaitServing(Path socket) {
		await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
			try (LineClient client = new LineClient(socket)) {
				return client.call("{\"id\":1,\"method\":\"Ping\"}").equals("{\"id\":1,\"result\":{\"pong\":true}}");
			}
		});
	}

	/**
	 * Kill the daemon that holds the lock of the given PID file, if any: a daemon that a
	 * failed test started detached outlives it otherwise.
	 */
	static void killIfRunning(Path pidFile) {
		PidFileLock.State state = PidFileLock.inspect(pidFile);
		if (state.locked()) {
			state.pid()
				.stream()
				.mapToObj(ProcessHandle::of)
				.forEach((process) -> process.ifPresent(ProcessHandle::destroyForcibly));
		}
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Wait for the process to exit and return its status.
	 */
	int awaitExit() throws InterruptedException {
		if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
			throw new AssertionError("myd did not exit; its output:\n" + output());
		}
		return this.process.exitValue();
	}

	void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new AssertionError("kill -" + signal + " failed");
		}
	}

	void kill9() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(90, TimeUnit.SECONDS);
	}

	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill9();
		}
	}

}
