package dev.udsrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.daemon.internal.PidFileLock;
import dev.udsrpc.sample.MydCommand.Result;
import dev.udsrpc.test.LineClient;
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
		MydProcess.killIfRunning(MydProcess.pidFile(this.xdg));
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
		try (LineClient client = new LineClient(MydProcess.socket(this.xdg))) {
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
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		// the daemon refuses to replace what is not a socket
		Files.createDirectory(MydProcess.socket(this.xdg));
		Result started = run("start");
		assertThat(started.status()).isEqualTo(1);
		assertThat(started.err()).contains("myd failed to start").contains("is a directory");
	}

	@Test
	void startRefusesARuntimeDirectoryTheDaemonWouldRefuse() throws Exception {
		Path dir = Files.createDirectory(this.xdg.resolve("myd"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		Result started = run("start");
		assertThat(started.status()).isEqualTo(1);
		assertThat(started.err())
			.contains("Not trusting the runtime directory '" + dir + "': it is group or other writable");
	}

	@Test
	void startRefusesAUmaskThatIsNotOctalAndRunsNoShell() throws Exception {
		Path touched = this.state.resolve("touched");
		Result started = run("start", "--udsrpc.daemon.umask=022; touch " + touched);
		assertThat(touched).as("no shell ran the umask").doesNotExist();
		assertThat(started.status()).as(started.toString()).isEqualTo(1);
		assertThat(started.err()).contains("udsrpc.daemon.umask must be an octal number");
		assertThat(MydProcess.pidFile(this.xdg)).doesNotExist();
	}

	@Test
	void startKeepsTheDaemonsFilesPrivateAndGivesItTheJvmOptionsOfTheEnvironmentOnce() throws Exception {
		Result started = myd().env("JAVA_TOOL_OPTIONS", "-Dmyd.tool=1")
			.env("JDK_JAVA_OPTIONS", "-Dmyd.jdk=1")
			.run("start");
		assertThat(started.status()).as(started.toString()).isZero();
		long pid = Long.parseLong(Files.readString(MydProcess.pidFile(this.xdg)).trim());
		List<String> commandLine = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
		assertThat(commandLine).as("the JVM reads them from its environment")
			.doesNotContain("-Dmyd.tool=1", "-Dmyd.jdk=1");
		assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"))).contains("JAVA_TOOL_OPTIONS=-Dmyd.tool=1")
			.contains("JDK_JAVA_OPTIONS=-Dmyd.jdk=1");
		assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).as("the default umask")
			.containsPattern("Umask:\\s+0027");
		Path logs = this.state.resolve("myd");
		assertThat(mode(logs)).isEqualTo("rwx------");
		assertThat(mode(logs.resolve("myd.out"))).isEqualTo("rw-r-----");
		assertThat(mode(logs.resolve("myd.log"))).isEqualTo("rw-r-----");
		assertThat(run("stop").status()).isZero();
	}

	@Test
	void startRefusesALogFileThatIsASymbolicLink() throws Exception {
		Path logs = Files.createDirectories(this.state.resolve("myd"));
		Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwx------"));
		Path victim = Files.writeString(this.state.resolve("victim.txt"), "untouched\n");
		Path out = Files.createSymbolicLink(logs.resolve("myd.out"), victim);
		Result started = run("start");
		assertThat(started.status()).as(started.toString()).isEqualTo(1);
		assertThat(started.err()).contains(out.toString()).contains("symbolic link");
		assertThat(Files.readString(victim)).isEqualTo("untouched\n");
		assertThat(PidFileLock.inspect(MydProcess.pidFile(this.xdg)).locked()).isFalse();
	}

	@Test
	void startRelaunchesAJarWhosePathHasASpace() throws Exception {
		Path jar = MydJars.thinJar(Files.createDirectory(this.state.resolve("my apps")).resolve("myd.jar"),
				System.getProperty("java.class.path"));
		MydCommand myd = MydCommand.ofJar(this.state, jar)
			.env("XDG_RUNTIME_DIR", this.xdg.toString())
			.env("XDG_STATE_HOME", this.state.toString());
		Result started = myd.run("start");
		assertThat(started.status()).as(started.toString()).isZero();
		long pid = Long.parseLong(Files.readString(MydProcess.pidFile(this.xdg)).trim());
		assertThat(List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0")))
			.containsSubsequence("-jar", jar.toString(), "run");
		assertThat(myd.run("stop").status()).isZero();
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
		return myd().run(args);
	}

	private ProcessBuilder command(List<String> args) {
		return myd().builder(args);
	}

	private MydCommand myd() {
		return MydCommand.of(this.state)
			.env("XDG_RUNTIME_DIR", this.xdg.toString())
			.env("XDG_STATE_HOME", this.state.toString());
	}

	private static List<String> environmentNames(long pid) throws IOException {
		String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
		return Arrays.stream(environ.split("\0"))
			.map((entry) -> entry.substring(0, Math.max(0, entry.indexOf('='))))
			.toList();
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

	private static long sessionId(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[3]);
	}

}
