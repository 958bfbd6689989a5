package dev.udsrpc.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code myd} as child processes and observes it only through its socket, the file
 * system, signals, exit codes and output.
 */
class MydProcessTests {

	@TempDir
	Path xdg;

	@Test
	void aSecondInstanceExitsNonZeroNamingTheFirstOne() throws Exception {
		Path socket = MydProcess.socket(this.xdg);
		try (MydProcess first = MydProcess.start(this.xdg)) {
			MydProcess.awaitServing(socket);
			assertThat(Files.readString(MydProcess.pidFile(this.xdg)).trim()).isEqualTo(Long.toString(first.pid()));
			assertThat(Files.getPosixFilePermissions(this.xdg.resolve("myd")))
				.isEqualTo(PosixFilePermissions.fromString("rwx------"));
			MydProcess second = MydProcess.start(this.xdg);
			assertThat(second.awaitExit()).isNotZero();
			assertThat(second.output())
				.contains("Another instance of 'myd' is already running (PID " + first.pid() + ")");
			try (LineClient client = new LineClient(socket)) {
				assertThat(client.call("{\"id\":2,\"method\":\"Ping\"}"))
					.isEqualTo("{\"id\":2,\"result\":{\"pong\":true}}");
			}
		}
	}

	@Test
	void sigtermLetsASlowCallFinishThenRemovesSocketAndPidFile() throws Exception {
		Path socket = MydProcess.socket(this.xdg);
		try (MydProcess daemon = MydProcess.start(this.xdg)) {
			MydProcess.awaitServing(socket);
			try (LineClient client = new LineClient(socket)) {
				client.send("{\"id\":1,\"method\":\"WaitFor\",\"params\":{\"key\":\"never\",\"timeoutMillis\":1500}}");
				// lines are dispatched in order: once Ping is answered, WaitFor is in
				// flight
				assertThat(client.call("{\"id\":2,\"method\":\"Ping\"}"))
					.isEqualTo("{\"id\":2,\"result\":{\"pong\":true}}");
				daemon.signal("TERM");
				assertThat(client.receive()).isEqualTo("{\"type\":\"ShuttingDown\",\"data\":null}");
				assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":null}");
				client.awaitEndOfStream();
			}
			daemon.awaitExit();
			assertThat(socket).doesNotExist();
			assertThat(MydProcess.pidFile(this.xdg)).doesNotExist();
		}
	}

	@Test
	void sighupReloadsAndAFailingReloadKeepsServing() throws Exception {
		Path socket = MydProcess.socket(this.xdg);
		Path greeting = this.xdg.resolve("greeting.txt");
		Files.writeString(greeting, "Hi\n");
		try (MydProcess daemon = MydProcess.start(this.xdg, "--myd.greeting-file=" + greeting)) {
			MydProcess.awaitServing(socket);
			try (LineClient client = new LineClient(socket)) {
				assertThat(client.call("{\"id\":1,\"method\":\"Hello\",\"params\":\"Ada\"}"))
					.startsWith("{\"id\":1,\"result\":\"Hi, Ada");
				Files.writeString(greeting, "Howdy\n");
				daemon.signal("HUP");
				assertThat(client.receive()).isEqualTo("{\"type\":\"ConfigReloaded\",\"data\":null}");
				assertThat(client.call("{\"id\":2,\"method\":\"Hello\",\"params\":\"Ada\"}"))
					.startsWith("{\"id\":2,\"result\":\"Howdy, Ada");
				Files.delete(greeting);
				daemon.signal("HUP");
				await().atMost(Duration.ofSeconds(30)).until(() -> daemon.output().contains("Reload (SIGHUP) failed"));
				// no ConfigReloaded came before this answer, and the old greeting stays
				assertThat(client.call("{\"id\":3,\"method\":\"Hello\",\"params\":\"Ada\"}"))
					.startsWith("{\"id\":3,\"result\":\"Howdy, Ada");
				assertThat(daemon.isAlive()).isTrue();
			}
		}
	}

	@Test
	void refusesARuntimeDirectoryWritableByOthers() throws Exception {
		Path dir = Files.createDirectory(this.xdg.resolve("myd"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		MydProcess daemon = MydProcess.start(this.xdg);
		assertThat(daemon.awaitExit()).isNotZero();
		assertThat(daemon.output()).contains("Runtime directory '" + dir + "' is group or other writable")
			.contains("chmod 700");
		assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThat(MydProcess.socket(this.xdg)).doesNotExist();
	}

	@Test
	void refusesARegularFileAtTheSocketPathAndLeavesItUntouched() throws Exception {
		Path dir = Files.createDirectory(this.xdg.resolve("myd"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		Path socket = Files.writeString(MydProcess.socket(this.xdg), "keep me");
		MydProcess daemon = MydProcess.start(this.xdg);
		assertThat(daemon.awaitExit()).isNotZero();
		assertThat(daemon.output()).contains("'" + socket + "' already exists and is a regular file, not a socket");
		assertThat(Files.readString(socket)).isEqualTo("keep me");
		assertThat(MydProcess.pidFile(this.xdg)).doesNotExist();
	}

	@Test
	void refusesASocketPathLongerThanThePlatformAllows() throws Exception {
		Path dir = this.xdg.resolve("d".repeat(120));
		MydProcess daemon = MydProcess.start(this.xdg, "--udsrpc.runtime-dir=" + dir);
		assertThat(daemon.awaitExit()).isNotZero();
		assertThat(daemon.output()).contains("the path '" + dir.resolve("myd.sock") + "' is")
			.contains("Use a shorter udsrpc.runtime-dir");
		assertThat(dir.resolve("myd.pid")).doesNotExist();
	}

	@Test
	void startsAgainAfterKill9() throws Exception {
		Path socket = MydProcess.socket(this.xdg);
		try (MydProcess crashed = MydProcess.start(this.xdg)) {
			MydProcess.awaitServing(socket);
			crashed.kill9();
		}
		assertThat(socket).exists();
		assertThat(MydProcess.pidFile(this.xdg)).exists();
		try (MydProcess restarted = MydProcess.start(this.xdg)) {
			MydProcess.awaitServing(socket);
			assertThat(Files.readString(MydProcess.pidFile(this.xdg)).trim()).isEqualTo(Long.toString(restarted.pid()));
		}
	}

	@Test
	void aPidFileNamingALiveButUnrelatedProcessDoesNotBlockAStart() throws Exception {
		Path dir = Files.createDirectory(this.xdg.resolve("myd"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		// a recycled PID: the file names a live process (this test JVM) that holds no
		// lock
		Files.writeString(MydProcess.pidFile(this.xdg), ProcessHandle.current().pid() + "\n");
		try (MydProcess daemon = MydProcess.start(this.xdg)) {
			MydProcess.awaitServing(MydProcess.socket(this.xdg));
			assertThat(Files.readString(MydProcess.pidFile(this.xdg)).trim()).isEqualTo(Long.toString(daemon.pid()));
		}
	}

	@Test
	void ofFourInstancesStartedAtOnceExactlyOneServes() throws Exception {
		List<MydProcess> daemons = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				daemons.add(MydProcess.start(this.xdg));
			}
			await().atMost(Duration.ofSeconds(120))
				.until(() -> daemons.stream().filter(MydProcess::isAlive).count() <= 1);
			List<MydProcess> alive = daemons.stream().filter(MydProcess::isAlive).toList();
			assertThat(alive).hasSize(1);
			MydProcess.awaitServing(MydProcess.socket(this.xdg));
			assertThat(Files.readString(MydProcess.pidFile(this.xdg)).trim())
				.isEqualTo(Long.toString(alive.get(0).pid()));
			for (MydProcess daemon : daemons) {
				if (daemon != alive.get(0)) {
					assertThat(daemon.awaitExit()).isNotZero();
					assertThat(daemon.output()).contains("Another instance of 'myd' is already running");
				}
			}
		}
		finally {
			for (MydProcess daemon : daemons) {
				daemon.close();
			}
		}
	}

}
