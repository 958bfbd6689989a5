package dev.udsrpc.client;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udsrpc.daemon.internal.PosixUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClientTransport} against a {@link ScriptedServer}.
 */
class ClientTransportTests {

	@TempDir
	Path tempDir;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final List<RuntimeException> lost = new CopyOnWriteArrayList<>();

	private final CompletableFuture<RuntimeException> failure = new CompletableFuture<>();

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	private Path socket;

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void writesRequestsAndPassesOnEachLineReceived() {
		serve((id) -> "{\"id\":" + id + ",\"result\":1}\n\n{\"type\":\"T\"}\n");
		ClientTransport transport = connect(null);
		assertThat(transport.isConnected()).isTrue();
		transport.send(bytes("{\"id\":7,\"method\":\"m\"}\n"), this::fail);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lines.size() == 2);
		assertThat(this.lines).containsExactly("{\"id\":7,\"result\":1}", "{\"type\":\"T\"}");
	}

	@Test
	void aLostConnectionWithoutBackoffIsTheEnd() throws Exception {
		ScriptedServer server = serve((id) -> "");
		ClientTransport transport = connect(null);
		server.close();
		assertThat(transport.disconnected()).succeedsWithin(Duration.ofSeconds(10));
		assertThat(this.lost).singleElement()
			.satisfies((ex) -> assertThat(ex).hasMessageContaining("Connection to " + this.socket + " closed"));
		assertThat(transport.isConnected()).isFalse();
		CompletableFuture<Throwable> refused = new CompletableFuture<>();
		transport.send(bytes("{}\n"), refused::complete);
		assertThat(refused).succeedsWithin(Duration.ofSeconds(10)).isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void reconnectsAfterALostConnectionAndWritesWhatWasSentMeanwhile() throws Exception {
		ScriptedServer server = serve((id) -> "{\"id\":" + id + "}\n");
		ClientTransport transport = connect(new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));
		server.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lost.size() == 1);
		transport.send(bytes("{\"id\":2}\n"), this::fail);
		assertThat(this.lines).isEmpty();
		Files.delete(this.socket);
		serve((id) -> "{\"id\":" + id + "}\n");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lines.contains("{\"id\":2}"));
		assertThat(transport.isConnected()).isTrue();
		assertThat(transport.disconnected()).isNotDone();
	}

	@Test
	void closingStopsReconnecting() throws Exception {
		ScriptedServer server = serve((id) -> "");
		ClientTransport transport = connect(new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20)));
		server.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lost.size() == 1);
		transport.close();
		assertThat(transport.disconnected()).isDone();
		CompletableFuture<Throwable> refused = new CompletableFuture<>();
		transport.send(bytes("{}\n"), refused::complete);
		assertThat(refused).isCompletedWithValueMatching((ex) -> ex.getMessage().contains("Client closed"));
	}

	@Test
	void aLineLongerThanTheMostAcceptedClosesTheConnection() {
		serve((id) -> "{\"id\":" + id + ",\"result\":\"" + "x".repeat(100) + "\"}\n");
		ClientTransport transport = new ClientTransport(new ServerConnector(this.socket, PosixUser.currentUid()), 64,
				null, new Recorder());
		this.closeables.add(transport::close);
		transport.send(bytes("{\"id\":1}\n"), this::fail);
		assertThat(transport.disconnected()).succeedsWithin(Duration.ofSeconds(10));
		assertThat(this.lines).isEmpty();
		assertThat(this.lost).hasSize(1);
	}

	@Test
	void anErrorOfTheListenerEndsTheReaderForGood() {
		serve((id) -> "{\"id\":" + id + "}\n");
		ClientTransport transport = new ClientTransport(new ServerConnector(this.socket, PosixUser.currentUid()), 1024,
				new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20)), new Recorder() {

					@Override
					public void onLine(byte[] line) {
						throw new StackOverflowError("in a listener");
					}

				});
		this.closeables.add(transport::close);
		transport.send(bytes("{\"id\":1}\n"), this::fail);
		assertThat(this.failure).succeedsWithin(Duration.ofSeconds(10))
			.satisfies((ex) -> assertThat(ex).hasMessageContaining("StackOverflowError: in a listener"));
		assertThat(transport.disconnected()).succeedsWithin(Duration.ofSeconds(10));
		assertThat(transport.isConnected()).isFalse();
		CompletableFuture<Throwable> refused = new CompletableFuture<>();
		transport.send(bytes("{}\n"), refused::complete);
		assertThat(refused).isCompletedWithValueMatching((ex) -> ex == this.failure.join());
	}

	private ScriptedServer serve(java.util.function.Function<String, String> script) {
		this.socket = this.tempDir.resolve("t.sock");
		ScriptedServer server = new ScriptedServer(this.socket, script);
		this.closeables.add(server);
		return server;
	}

	private ClientTransport connect(ReconnectBackoff backoff) {
		ClientTransport transport = new ClientTransport(new ServerConnector(this.socket, PosixUser.currentUid()),
				1024 * 1024, backoff, new Recorder());
		this.closeables.add(transport::close);
		return transport;
	}

	private void fail(Throwable ex) {
		throw new AssertionError("sending failed", ex);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private class Recorder implements ClientTransport.Listener {

		@Override
		public void onLine(byte[] line) {
			ClientTransportTests.this.lines.add(new String(line, StandardCharsets.UTF_8));
		}

		@Override
		public void onConnectionLost(RuntimeException lost) {
			ClientTransportTests.this.lost.add(lost);
		}

		@Override
		public void onFailure(RuntimeException failure) {
			ClientTransportTests.this.failure.complete(failure);
		}

	}

}
