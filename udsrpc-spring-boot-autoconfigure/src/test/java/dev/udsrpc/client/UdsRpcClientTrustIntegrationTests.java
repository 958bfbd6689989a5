package dev.udsrpc.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.PosixUser;
import dev.udsrpc.daemon.UntrustedDaemonException;
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

	private static final String SERVER = """
			import json, os, socket, sys
			server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			server.bind(sys.argv[1])
			server.listen(16)
			print("ready", flush=True)
			while True:
			    connection, _ = server.accept()
			    with connection, connection.makefile("rwb") as stream:
			        for line in stream:
			            request = json.loads(line)
			            reply = {"id": request.get("id", 0), "result": {"pong": "forged"}}
			            stream.write(json.dumps(reply).encode() + b"\\n")
			            stream.flush()
			""";

	@TempDir
	Path tempDir;

	private Process server;

	private Path directory;

	@AfterEach
	void stopServer() throws Exception {
		if (this.server != null) {
			this.server.destroyForcibly();
			this.server.waitFor(30, TimeUnit.SECONDS);
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
		assumeTrue(PosixUser.currentUid() == 0, "only root can act as another user");
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
				"needs setpriv and python3");
		Files.setPosixFilePermissions(this.tempDir, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.server = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
				"/usr/bin/python3", "-c", SERVER, socket.toString())
			.redirectErrorStream(true)
			.start();
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.server.getInputStream(), StandardCharsets.UTF_8));
		assertThat(reader.readLine()).isEqualTo("ready");
		return socket;
	}

}
