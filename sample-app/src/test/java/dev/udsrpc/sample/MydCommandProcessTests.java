package dev.udsrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.daemon.PidFileLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the command line of {@code myd} ({@code start}, {@code status}, {@code call},
 * {@code reload}, {@code events}, {@code stop}) as separate processes, as an operator
 * would.
 */
class MydCommandProcessTests {

	@TempDir
	Path xdg;

	@TempDir
	Path state;

	@AfterEach
	void killADaemonLeftRunning() {
		// a detached daemon outlives a failed test otherwise
		PidFileLock.State state = PidFileLock.inspect(MydProcess.pidFile(this.xdg));
		if (state.locked()) {
			state.pid()
				.stream()
				.mapToObj(ProcessHandle::of)
				.forEach((process) -> process.ifPresent(ProcessHandle::destroyForcibly));
		}
	}

	@Test
	void startStatusCallReloadEventsAndStop() throws Exception {
		Result started = run("start");
		assertThat(started.status()).as(started.toString()).isZero();
		assertThat(started.out()).startsWith("Started myd (PID ");
		long pid = Long.parseLong(Files.readString(MydProcess.pidFile(this.xdg)).trim());
		assertThat(ProcessHandle.of(pid)).hasValueSatisfying((process) -> assertThat(process.isAlive()).isTrue());
		assertThat(sessionId(pid)).as("a session of its own").isEqualTo(pid);
		assertThat(environmentNames(pid)).as("no variable of ours in the daemon's environment")
			.noneMatch((name) -> name.toLowerCase(Locale.ROOT).contains("udsrpc"));
		assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"))).doesNotContain("udsrpc.daemon.detached");
		assertThat(this.state.resolve("myd/myd.log")).exists();

		Result status = run("status");
		assertThat(status.status()).isZero();
		assertThat(status.out()).contains("myd is running (PID " + pid + ")")
			.contains("uptime:")
			.contains("clients: 0");

		Result again = run("start");
		assertThat(again.status()).isZero();
		assertThat(again.out()).contains("myd is already running (PID " + pid + ")");
		assertThat(Files.readString(MydProcess.pidFile(this.xdg)).trim()).isEqualTo(Long.toString(pid));

		assertThat(run("call", "Echo", "{\"msg\":\"hi\"}").out()).isEqualTo("{\"msg\":\"hi\"}\n");
		Result error = run("call", "Get", "{\"key\":\"nope\"}");
		assertThat(error.status()).isEqualTo(1);
		assertThat(error.err()).contains("error 1001: no such key: nope");

		Path eventsOutput = this.state.resolve("events.txt");
		Process events = command(List.of("events", "KeyChanged", "ConfigReloaded", "Signal"))
			.redirectOutput(eventsOutput.toFile())
			.start();
		try (SocketClient client = new SocketClient(MydProcess.socket(this.xdg))) {
			await().atMost(Duration.ofSeconds(60)).until(() -> run("status").out().contains("clients: 2"));
			Result reload = run("reload");
			assertThat(reload.status()).as(reload.toString()).isZero();
			assertThat(reload.out()).contains("Reloaded myd");
			assertThat(client.receive()).isEqualTo("{\"type\":\"ConfigReloaded\",\"data\":null}");
			run("call", "Set", "{\"key\":\"k\",\"value\":\"v\"}");
			assertThat(client.receive())
				.isEqualTo("{\"type\":\"KeyChanged\",\"data\":{\"key\":\"k\",\"value\":\"v\"}}");
			new ProcessBuilder("kill", "-USR1", Long.toString(pid)).start().waitFor();
			assertThat(client.receive()).isEqualTo("{\"type\":\"Signal\",\"data\":{\"signal\":\"USR1\"}}");
			await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(eventsOutput).size() == 3);
			assertThat(Files.readAllLines(eventsOutput)).containsExactly("{\"type\":\"ConfigReloaded\",\"data\":null}",
					"{\"type\":\"KeyChanged\",\"data\":{\"key\":\"k\",\"value\":\"v\"}}",
					"{\"type\":\"Signal\",\"data\":{\"signal\":\"USR1\"}}");
		}

		Result stopped = run("stop");
		assertThat(stopped.status()).isZero();
		assertThat(stopped.out()).contains("Stopped myd (PID " + pid + ")");
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
		assertThat(events.waitFor(30, TimeUnit.SECONDS)).as("events ends when the daemon stops").isTrue();
		assertThat(run("status").status()).isEqualTo(3);
		assertThat(run("stop").out()).contains("myd is not running");
	}

	@Test
	void startAppliesTheDaemonContext() throws Exception {
		Path workingDirectory = Files.createDirectory(this.state.resolve("work"));
		Result started = run("start", "--udsrpc.daemon.working-directory=" + workingDirectory,
				"--udsrpc.daemon.umask=027", "--udsrpc.daemon.environment.MYD_MODE=test");
		assertThat(started.status()).as(started.toString()).isZero();
		long pid = Long.parseLong(Files.readString(MydProcess.pidFile(this.xdg)).trim());
		assertThat(Path.of("/proc/" + pid + "/cwd").toRealPath()).isEqualTo(workingDirectory.toRealPath());
		assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).containsPattern("Umask:\\s+0027");
		assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"))).contains("MYD_MODE=test");
		assertThat(run("stop").status()).isZero();
	}

	@Test
	void startReportsWhyTheDaemonFailedToStart() throws Exception {
		Path dir = Files.createDirectory(this.xdg.resolve("myd"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		Result started = run("start");
		assertThat(started.status()).isEqualTo(1);
		assertThat(started.err()).contains("myd failed to start").contains("is group or other writable");
	}

	@Test
	void statusTellsAStalePidFileFromNotRunning() throws Exception {
		assertThat(run("status").status()).isEqualTo(3);
		Path dir = Files.createDirectory(this.xdg.resolve("myd"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		Files.writeString(MydProcess.pidFile(this.xdg), "999999\n");
		Result status = run("status");
		assertThat(status.status()).isEqualTo(1);
		assertThat(status.out()).contains("myd is not running, but its PID file");
	}

	private Result run(String... args) throws IOException, InterruptedException {
		Path out = Files.createTempFile(this.state, "out", ".txt");
		Path err = Files.createTempFile(this.state, "err", ".txt");
		Process process = command(List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("'" + String.join(" ", args) + "' did not finish");
		}
		return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
	}

	private ProcessBuilder command(List<String> args) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), MydApplication.class.getName()));
		command.addAll(args);
		command.add("--myd.tick-interval=0s");
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("XDG_RUNTIME_DIR", this.xdg.toString());
		builder.environment().put("XDG_STATE_HOME", this.state.toString());
		return builder;
	}

	private static List<String> environmentNames(long pid) throws IOException {
		String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
		return Arrays.stream(environ.split("\0"))
			.map((entry) -> entry.substring(0, Math.max(0, entry.indexOf('='))))
			.toList();
	}

	private static long sessionId(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[3]);
	}

	record Result(int status, String out, String err) {

	}

}
