package dev.udsrpc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.udsrpc.protocol.UdsRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests of what {@link UdsRpcClient} makes of lines that a server should not send: each
 * fails the call it answers, at once and with a reason, and leaves the connection usable.
 */
class UdsRpcClientMalformedResponsesIntegrationTests {

	@TempDir
	Path tempDir;

	private ScriptedServer server;

	@AfterEach
	void stopServer() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void anErrorThatIsNotAnObjectFailsTheCall() {
		try (UdsRpcClient client = serve((id) -> "{\"id\":" + id + ",\"error\":\"boom\"}\n")) {
			assertThatExceptionOfType(UdsRpcException.class).isThrownBy(() -> client.call("Ping", null, Map.class))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(-32603))
				.withMessage("Invalid response to 'Ping': error must be an object, but was \"boom\"");
		}
	}

	@Test
	void aResponseWithItsResultTwiceFailsTheCall() {
		try (UdsRpcClient client = serve((id) -> "{\"id\":" + id + ",\"result\":1,\"result\":2}\n")) {
			assertThatExceptionOfType(UdsRpcException.class).isThrownBy(() -> client.call("Count", null, Integer.class))
				.withMessage("Invalid response to 'Count': duplicate member \"result\"");
		}
	}

	@Test
	void aResponseFollowedByMoreContentFailsTheCallAtOnceNotAtItsTimeout() {
		try (UdsRpcClient client = serve((id) -> "{\"id\":" + id + ",\"result\":1} {}\n", Duration.ofMinutes(2))) {
			CompletableFuture<Integer> call = client.callAsync("Count", null, Integer.class);
			assertThat(call).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(UdsRpcException.class)
				.withMessage("Invalid response to 'Count': unexpected content after the JSON value");
		}
	}

	@Test
	void aMalformedLineLeavesTheConnectionUsable() {
		try (UdsRpcClient client = serve(
				(id) -> (id.equals("1") ? "{\"id\":" : "") + "{\"id\":" + id + ",\"result\":\"ok\"}\n")) {
			assertThat(client.callAsync("First", null, String.class)).isNotDone();
			assertThat(client.call("Second", null, String.class)).isEqualTo("ok");
			assertThat(client.isConnected()).isTrue();
		}
	}

	@Test
	void responsesAndEventsOfABatchAreEachDispatched() {
		List<String> events = new CopyOnWriteArrayList<>();
		try (UdsRpcClient client = serve((id) -> "[{\"type\":\"Tick\",\"data\":{\"n\":1}},{\"id\":" + id
				+ ",\"result\":\"ok\"},{\"jsonrpc\":\"2.0\",\"method\":\"Tock\"},7]\n")) {
			client.onAnyEvent((type, data) -> events.add(type + " " + data));
			assertThat(client.call("Batch", null, String.class)).isEqualTo("ok");
			await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
			assertThat(events).containsExactly("Tick {\"n\":1}", "Tock null");
		}
	}

	private UdsRpcClient serve(Function<String, String> script) {
		return serve(script, Duration.ofSeconds(30));
	}

	private UdsRpcClient serve(Function<String, String> script, Duration timeout) {
		Path socket = this.tempDir.resolve("s.sock");
		this.server = new ScriptedServer(socket, script);
		return UdsRpcClient.builder(socket).timeout(timeout).build();
	}

}
