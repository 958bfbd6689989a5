package dev.udsrpc.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.udsrpc.daemon.internal.PidFileLock;
import dev.udsrpc.sample.MydCommand.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the commands of {@code myd} with settings the daemon finds beside the application
 * and in profiles, which the commands read without Spring, and with an import, which they
 * leave to Spring Boot: every command finds the daemon where it serves.
 */
class MydCommandSettingsProcessTests {

	@TempDir
	Path xdg;

	@TempDir
	Path work;

	@AfterEach
	void killADaemonLeftRunning() {
		for (String app : new String[] { "myd", "other", "profiled", "imported" }) {
			PidFileLock.State state = PidFileLock.inspect(this.xdg.resolve(app).resolve(app + ".pid"));
			if (state.locked()) {
				state.pid()
					.stream()
					.mapToObj(ProcessHandle::of)
					.forEach((process) -> process.ifPresent(ProcessHandle::destroyForcibly));
			}
		}
	}

	@Test
	void findsTheDaemonNamedInAConfigurationFileBesideTheApplication() throws Exception {
		Files.createDirectories(this.work.resolve("config"));
		Files.writeString(this.work.resolve("config/application.properties"), "udsrpc.app-name=other\n");
		assertStartsAndIsFound("other", myd());
	}

	@Test
	void findsTheDaemonNamedInTheFileOfAnActiveProfile() throws Exception {
		Files.writeString(this.work.resolve("application-local.yml"), "udsrpc:\n  app-name: profiled\n");
		assertStartsAndIsFound("profiled", myd().env("SPRING_PROFILES_ACTIVE", "local"));
	}

	@Test
	void findsTheDaemonNamedInAnImportedFile() throws Exception {
		Path imported = Files.writeString(this.work.resolve("extra.properties"), "udsrpc.app-name=imported\n");
		assertStartsAndIsFound("imported", myd().env("SPRING_CONFIG_IMPORT", "optional:file:" + imported));
	}

	private void assertStartsAndIsFound(String app, MydCommand myd) throws Exception {
		Result started = myd.run("start");
		assertThat(started.status()).as(started.toString()).isZero();
		assertThat(started.out()).startsWith("Started " + app + " (PID ");
		assertThat(this.xdg.resolve(app).resolve(app + ".sock")).exists();
		Result status = myd.run("status");
		assertThat(status.out()).as(status.toString()).contains(app + " is running");
		assertThat(myd.run("call", "Ping").out()).isEqualTo("{\"pong\":true}\n");
		Result stopped = myd.run("stop");
		assertThat(stopped.out()).as(stopped.toString()).contains("Stopped " + app);
		assertThat(myd.run("status").status()).isEqualTo(3);
	}

	private MydCommand myd() {
		return MydCommand.of(this.work)
			.directory(this.work)
			.env("XDG_RUNTIME_DIR", this.xdg.toString())
			.env("XDG_STATE_HOME", this.work.resolve("state").toString());
	}

}
