package dev.udsrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code myd} as child processes, as an operator would.
 */
class MydProcessTests {

	@TempDir
	Path xdgRuntimeDir;

	@Test
	void aSecondInstanceExitsNonZeroNamingTheFirstAndSigtermCleansUp() throws Exception {
		Path dir = this.xdgRuntimeDir.resolve("myd");
		Path socket = dir.resolve("myd.sock");
		Path pidFile = dir.resolve("myd.pid");
		Process first = start("first.log");
		try {
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
				try (SocketClient client = new SocketClient(socket)) {
					return client.call("{\"id\":1,\"method\":\"Ping\"}")
						.equals("{\"id\":1,\"result\":{\"pong\":true}}");
				}
			});
			assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(first.pid()));
			assertThat(Files.getPosixFilePermissions(dir))
				.isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
			Process second = start("second.log");
			assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(second.exitValue()).isNotZero();
			assertThat(Files.readString(this.xdgRuntimeDir.resolve("second.log")))
				.contains("Another instance of 'myd' is already running (PID " + first.pid() + ")");
			try (SocketClient client = new SocketClient(socket)) {
				assertThat(client.call("{\"id\":2,\"method\":\"Ping\"}"))
					.isEqualTo("{\"id\":2,\"result\":{\"pong\":true}}");
			}
			first.destroy();
			assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(socket).doesNotExist();
			assertThat(pidFile).doesNotExist();
		}
		finally {
			first.destroyForcibly();
		}
	}

	private Process start(String log) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), MydApplication.class.getName(), "--myd.tick-interval=0s"));
		builder.environment().put("XDG_RUNTIME_DIR", this.xdgRuntimeDir.toString());
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.xdgRuntimeDir.resolve(log).toFile());
		Files.createDirectories(this.xdgRuntimeDir);
		return builder.start();
	}

}
