package dev.udsrpc.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.sample.MydCommand.Result;
import dev.udsrpc.test.ForgedServer;
import dev.udsrpc.test.OtherUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the command line of {@code myd} as root while another user (uid 65534) has planted
 * a runtime directory of its own where root's would be, with a socket that answers
 * everything and a locked PID file naming a process of root's: the commands refuse to
 * trust it, and signal nothing.
 */
class MydTrustProcessTests {

	@TempDir
	Path tmp;

	@TempDir
	Path output;

	private ForgedServer forger;

	private Process victim;

	@BeforeEach
	void plantAForgedRuntimeDirectory() throws Exception {
		OtherUserClient.assumeAvailable();
		// like /tmp: every user may create entries
		Files.setPosixFilePermissions(this.tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path forged = Files.createDirectory(forgedDirectory());
		Files.setPosixFilePermissions(forged, PosixFilePermissions.fromString("rwxrwxrwx"));
		Files.setAttribute(forged, "unix:uid", 65534);
		this.victim = new ProcessBuilder("sleep", "600").start();
		this.forger = ForgedServer.start(65534, forged.resolve("myd.sock"),
				"{\"pong\":\"forged\",\"pid\":" + this.victim.pid() + ",\"uptimeMillis\":1,\"clients\":1}",
				forged.resolve("myd.pid"), this.victim.pid());
	}

	@AfterEach
	void stopTheForgerAndItsVictim() throws InterruptedException {
		if (this.forger != null) {
			this.forger.close();
		}
		if (this.victim != null) {
			this.victim.destroyForcibly();
			this.victim.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void callStatusStopAndStartRefuseADirectoryOfAnotherUserAndSignalNothing() throws Exception {
		String reason = "Not trusting the runtime directory '" + forgedDirectory() + "': it is owned by uid 65534";

		Result call = myd().run("call", "Ping");
		assertThat(call.out()).doesNotContain("forged");
		assertThat(call.status()).as(call.toString()).isEqualTo(1);
		assertThat(call.err()).contains(reason);

		Result status = myd().run("status");
		assertThat(status.status()).as(status.toString()).isEqualTo(4);
		assertThat(status.out() + status.err()).contains(reason).doesNotContain("is running");

		Result stop = myd().run("stop");
		assertThat(this.victim.isAlive()).as("the process named by the forged PID file").isTrue();
		assertThat(stop.status()).as(stop.toString()).isEqualTo(1);
		assertThat(stop.err()).contains(reason);

		Result start = myd().run("start");
		assertThat(start.status()).as(start.toString()).isEqualTo(1);
		assertThat(start.err()).contains(reason);
		assertThat(this.victim.isAlive()).isTrue();
	}

	private Path forgedDirectory() {
		return this.tmp.resolve("myd-0");
	}

	private MydCommand myd() {
		return MydCommand.of(this.output)
			.jvmOption("-Djava.io.tmpdir=" + this.tmp)
			.withoutEnv("XDG_RUNTIME_DIR")
			.env("XDG_STATE_HOME", this.output.toString());
	}

}
