package dev.udsrpc.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.server.internal.ConnectionArgumentResolver;
import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.OtherUserClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the supplementary groups of {@link PeerCredentials}.
 */
class PeerGroupsIntegrationTests {

	@TempDir
	Path tempDir;

	@Test
	void peerCredentialsCarryTheSupplementaryGroupsOfTheConnectedProcess() {
		OtherUserClient.assumeAvailable();
		OtherUserClient.openToAll(this.tempDir);
		Path socket = this.tempDir.resolve("t.sock");
		try (UdsRpcServer server = server(socket)) {
			String answer = OtherUserClient.call(socket, 65534, 65534, List.of(100L, 200L),
					"{\"id\":1,\"method\":\"Peer\"}");
			assertThat(answer).isEqualTo("{\"id\":1,\"result\":{\"uid\":65534,\"gid\":65534,\"groups\":[100,200]}}");
		}
	}

	@Test
	void peerCredentialsOfAProcessWithoutSupplementaryGroupsHaveNone() {
		OtherUserClient.assumeAvailable();
		OtherUserClient.openToAll(this.tempDir);
		Path socket = this.tempDir.resolve("t.sock");
		try (UdsRpcServer server = server(socket)) {
			String answer = OtherUserClient.call(socket, 65534, 65534, List.of(), "{\"id\":1,\"method\":\"Peer\"}");
			assertThat(answer).isEqualTo("{\"id\":1,\"result\":{\"uid\":65534,\"gid\":65534,\"groups\":[]}}");
		}
	}

	@Test
	void aPeerIsServedWhenOneOfItsSupplementaryGroupsIsAllowed() {
		OtherUserClient.assumeAvailable();
		OtherUserClient.openToAll(this.tempDir);
		Path socket = this.tempDir.resolve("t.sock");
		try (UdsRpcServer server = server(socket,
				(builder) -> builder.allowedUids(Set.of(0L)).allowedGids(Set.of(200L)))) {
			assertThat(
					OtherUserClient.call(socket, 65534, 65534, List.of(100L, 200L), "{\"id\":1,\"method\":\"Peer\"}"))
				.isEqualTo("{\"id\":1,\"result\":{\"uid\":65534,\"gid\":65534,\"groups\":[100,200]}}");
			assertThat(OtherUserClient.call(socket, 65534, 65534, List.of(100L), "{\"id\":1,\"method\":\"Peer\"}"))
				.as("refused without the group")
				.doesNotContain("result");
		}
	}

	@Test
	void peerCredentialsOfThisProcessCarryItsGroups() throws Exception {
		Path socket = this.tempDir.resolve("t.sock");
		try (UdsRpcServer server = server(socket); LineClient client = new LineClient(socket)) {
			client.send("{\"id\":1,\"method\":\"Peer\"}");
			List<Long> expected = ProcessGroups.parse(java.nio.file.Files
				.readString(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "status")));
			String groups = expected.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
			assertThat(client.receive()).endsWith("\"groups\":[" + groups + "]}}");
		}
	}

	private static UdsRpcServer server(Path socket) {
		return server(socket, (builder) -> builder.allowedUids(Set.of(0L, 65534L)));
	}

	private static UdsRpcServer server(Path socket, Consumer<UdsRpcServer.Builder> customizer) {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build(),
				List.of(new ConnectionArgumentResolver()));
		registry.registerAnnotated(new PeerHandler(), "peer");
		UdsRpcServer.Builder builder = UdsRpcServer.builder(registry)
			.socketPath(socket)
			.socketPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
		customizer.accept(builder);
		return builder.build().start();
	}

	static class PeerHandler {

		@UdsRpcHandler("Peer")
		public PeerView peer(PeerCredentials peer) {
			return new PeerView(peer.uid(), peer.gid(), peer.groups());
		}

	}

	record PeerView(long uid, long gid, List<Long> groups) {

	}

}
