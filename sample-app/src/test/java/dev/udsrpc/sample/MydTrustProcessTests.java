package dev.udsrpc.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.daemon.PosixUser;
import dev.udsrpc.sample.MydCommand.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the command line of {@code myd} as root while another user (uid 65534) has planted
 * a runtime directory of its own where root's would be, with a socket that answers
 * everything and a locked PID file naming a process of root's: the commands refuse to
 * trust it, and signal nothing.
 */
class MydTrustProcessTests {

	private static final String FORGER = """
			import fcntl, json, os, socket, sys
			directory, pid = sys.argv[1], int(sys.argv[2])
			os.mkdir(directory)
			os.chmod(directory, 0o777)
			pid_file = os.open(os.path.join(directory, "myd.pid"), os.O_RDWR | os.O_CREAT, 0o644)
			os.write(pid_file, b"%d\\n" % pid)
			fcntl.lockf(pid_file, fcntl.LOCK_EX)
			server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			server.bind(os.path.join(directory, "myd.sock"))
			os.chmod(os.path.join(directory, "myd.sock"), 0o777)
			server.listen(16)
			print("ready", flush=True)
			while True:
			    connection, _ = server.accept()
			    with connection, connection.makefile("rwb") as stream:
			        for line in stream:
			            request = json.loads(line)
			            result = {"pong": "forged", "pid": pid, "uptimeMillis": 1, "clients": 1}
			            stream.write(json.dumps({"id": request.get("id", 0), "result": result}).encode() + b"\\n")
			            stream.flush()
			""";

	@TempDir
	Path tmp;

	@TempDir
	Path output;

	private Process forger;

	private Process victim;

	@BeforeEach
	void plantAForgedRuntimeDirectory() throws Exception {
		assumeTrue(PosixUser.currentUid() == 0, "only root can act as another user");
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 plays the other user");
		// like /tmp: every user may create entries
		Files.setPosixFilePermissions(this.tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.victim = new ProcessBuilder("sleep", "600").start();
		this.forger = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
				"/usr/bin/python3", "-c", FORGER, forgedDirectory().toString(), Long.toString(this.victim.pid()))
			.redirectErrorStream(true)
			.start();
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.forger.getInputStream(), StandardCharsets.UTF_8));
		assertThat(reader.readLine()).isEqualTo("ready");
	}

	@AfterEach
	void stopTheForgerAndItsVictim() throws InterruptedException {
		for (Process process : new Process[] { this.forger, this.victim }) {
			if (process != null) {
				process.destroyForcibly();
				process.waitFor(30, TimeUnit.SECONDS);
			}
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
