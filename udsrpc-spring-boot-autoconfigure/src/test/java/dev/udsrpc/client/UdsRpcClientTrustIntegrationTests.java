package dev.udsrpc.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;

import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.test.ForgedServer;
import dev.udsrpc.test.OtherUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that {@link UdsRpcClient} talks only to a server of the expected user, run as
 * root against a server that another user (uid 65534) runs.
 */
class UdsRpcClientTrustIntegrationTests {

	@TempDir
	Path tempDir;

	private ForgedServer server;

	private Path directory;

	@AfterEach
	void stopServer() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
		if (this.directory != null) {
			try (var files = Files.walk(this.directory)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	@Test
	void refusesAServerOfAnotherUser() throws Exception {
		Path socket = serveAsNobody(this.tempDir.resolve("s.sock"));
		assertThatExceptionOfType(UntrustedDaemonException.class).isThrownBy(() -> {
			try (UdsRpcClient client = UdsRpcClient.connect(socket)) {
				client.call("Ping", null, Map.class);
			}
		}).withMessage("Not trusting the socket '" + socket + "': it is served by uid 65534, not by uid 0");
	}

	@Test
	void talksToAServerOfTheUserItIsToldToExpect() throws Exception {
		Path socket = serveAsNobody(this.tempDir.resolve("s.sock"));
		try (UdsRpcClient client = UdsRpcClient.builder(socket).expectedServerUid(65534).build()) {
			assertThat(client.call("Ping", null, Map.class)).containsEntry("pong", "forged");
		}
	}

	@Test
	void connectByNameRefusesARuntimeDirectoryOfAnotherUser() throws Exception {
		assumeTrue(PosixUser.currentUid() == 0, "only root can give a directory to another user");
		String app = "trust-" + UUID.randomUUID().toString().substring(0, 8);
		this.directory = DaemonLocation.of(app).runtimeDir();
		Files.createDirectories(this.directory);
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		Files.setAttribute(this.directory, "unix:uid", 65534);
		assertThatExceptionOfType(UntrustedDaemonException.class).isThrownBy(() -> UdsRpcClient.connect(app))
			.withMessage("Not trusting the runtime directory '" + this.directory
					+ "': it is owned by uid 65534, not by uid 0");
	}

	private Path serveAsNobody(Path socket) throws Exception {
		OtherUserClient.assumeAvailable();
		Files.setPosixFilePermissions(this.tempDir, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.server = ForgedServer.start(65534, socket, "{\"pong\":\"forged\"}");
		return socket;
	}

}
