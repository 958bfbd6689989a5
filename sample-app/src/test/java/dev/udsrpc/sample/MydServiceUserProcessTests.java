package dev.udsrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.sample.MydCommand.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code start --udsrpc.daemon.user=nobody} as root, as an operator starts a daemon
 * under a service user, then finds and controls it from root.
 */
class MydServiceUserProcessTests {

	private static final String USER = "--udsrpc.daemon.user=nobody";

	@TempDir
	Path tmp;

	@TempDir
	Path output;

	private String classPath;

	@BeforeEach
	void shareTheClassPathWithNobody() throws Exception {
		assumeTrue(PosixUser.currentUid() == 0, "only root can start a daemon as another user");
		Process id = new ProcessBuilder("id", "-u", "nobody").start();
		assumeTrue(new String(id.getInputStream().readAllBytes()).trim().equals("65534"), "nobody is uid 65534");
		// like /tmp: every user may create entries
		Files.setPosixFilePermissions(this.tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.classPath = MydJars.readableByAll(System.getProperty("java.class.path"), this.tmp.resolve("lib"));
	}

	@AfterEach
	void killADaemonLeftRunning() {
		MydProcess.killIfRunning(runtimeDirectory().resolve("myd.pid"));
	}

	@Test
	void rootStartsTheDaemonAsNobodyThenFindsAndControlsIt() throws Exception {
		Result started = myd().run("start", USER);
		assertThat(started.status()).as(started.toString()).isZero();
		Matcher matcher = Pattern.compile("Started myd \\(PID (\\d+)\\)").matcher(started.out());
		assertThat(matcher.find()).as(started.out()).isTrue();
		long pid = Long.parseLong(matcher.group(1));
		String status = Files.readString(Path.of("/proc/" + pid + "/status"));
		assertThat(status).containsPattern("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")
			.containsPattern("Gid:\\s+65534\\s+65534\\s+65534\\s+65534");
		List<String> environment = List.of(Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0"));
		assertThat(environment).contains("HOME=/nonexistent", "USER=nobody", "LOGNAME=nobody")
			.anyMatch((variable) -> variable.startsWith("PATH=/usr/local/bin:"))
			.noneMatch((variable) -> variable.startsWith("XDG_STATE_HOME="));
		Path dir = runtimeDirectory();
		assertThat(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
		Path out = dir.resolve("myd.out");
		assertThat(Files.getAttribute(out, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");

		Result running = myd().run("status", USER);
		assertThat(running.status()).as(running.toString()).isZero();
		assertThat(running.out()).contains("myd is running (PID " + pid + ")");
		Result pong = myd().run("call", "Ping", USER);
		assertThat(pong.out()).as(pong.toString()).isEqualTo("{\"pong\":true}\n");
		Result stopped = myd().run("stop", USER);
		assertThat(stopped.status()).as(stopped.toString()).isZero();
		assertThat(stopped.out()).contains("Stopped myd (PID " + pid + ")");
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
		assertThat(myd().run("status", USER).status()).isEqualTo(3);
	}

	private Path runtimeDirectory() {
		return this.tmp.resolve("myd-65534");
	}

	private MydCommand myd() throws IOException {
		return MydCommand.of(this.output, this.classPath)
			.jvmOption("-Djava.io.tmpdir=" + this.tmp)
			.withoutEnv("XDG_RUNTIME_DIR")
			.env("XDG_STATE_HOME", this.output.toString());
	}

}
