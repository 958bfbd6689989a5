package dev.udsrpc.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.OtherUserClient;
import dev.udsrpc.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests in which clients misbehave: nothing they do may hurt the server or
 * another client.
 */
class UdsRpcServerChaosIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String PING = "{\"id\":1,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":1,\"result\":{\"pong\":true}}";

	@TempDir
	Path tempDir;

	private final TestHandlers handlers = new TestHandlers();

	private UdsRpcServer server;

	private Path socket;

	@AfterEach
	void stopServer() {
		this.handlers.release.countDown();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void thousandsOfConnectCloseCyclesLeakNoFileDescriptors() throws Exception {
		start((builder) -> {
		});
		assertAnswersPing();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().isEmpty());
		long before = openFileDescriptors();
		for (int i = 0; i < 2000; i++) {
			try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
				channel.connect(UnixDomainSocketAddress.of(this.socket));
				if (i % 3 == 0) {
					channel.write(ByteBuffer.wrap((PING + "\n").getBytes(StandardCharsets.UTF_8)));
					channel.read(ByteBuffer.allocate(256));
				}
				else if (i % 3 == 1) {
					// unanswered: the client is gone before the response is written
					channel.write(ByteBuffer.wrap("{\"id\":1,\"method\":\"Echo\",\"params\":\"x\"}\n{\"id\":"
						.getBytes(StandardCharsets.UTF_8)));
				}
			}
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.server.connections().isEmpty());
		await().atMost(Duration.ofSeconds(20)).until(() -> openFileDescriptors() <= before);
		assertAnswersPing();
	}

	@Test
	void aClientGoneMidRequestBreaksNeitherTheHandlerNorOtherClients() {
		start((builder) -> {
		});
		try (LineClient other = new LineClient(this.socket)) {
			for (int i = 0; i < 20; i++) {
				LineClient vanishing = new LineClient(this.socket);
				vanishing.send("{\"id\":1,\"method\":\"Slow\"}")
					.send("{\"id\":2,\"method\":\"Async\",\"params\":\"x\"}");
				vanishing.close();
			}
			this.handlers.release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().size() == 1);
			other.send(PING);
			assertThat(other.receive()).isEqualTo(PONG);
		}
	}

	@Test
	void aClientThatStopsReadingIsClosedWithoutDelayingEventsToOthers() throws Exception {
		start((builder) -> builder.maxQueuedBytes(2 * 1024 * 1024));
		try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX);
				LineClient reader = new LineClient(this.socket)) {
			idle.connect(UnixDomainSocketAddress.of(this.socket));
			reader.send(PING);
			assertThat(reader.receive()).isEqualTo(PONG);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().size() == 2);
			long start = System.nanoTime();
			for (int round = 0; round < 4; round++) {
				burstOf1000Events(reader);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			// the reader keeps up; the client that never reads is closed past 2 MB
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				burstOf1000Events(reader);
				return this.server.connections().size() == 1;
			});
		}
	}

	private void burstOf1000Events(LineClient reader) {
		Map<String, String> data = Map.of("text", "x".repeat(1000));
		for (int i = 0; i < 1000; i++) {
			this.server.broadcast("Burst", data);
		}
		assertThat(reader.receive(1000)).allMatch((event) -> event.startsWith("{\"type\":\"Burst\""));
	}

	@Test
	void aFloodOfPipelinedRequestsIsNotReadFasterThanItIsHandled() throws Exception {
		start((builder) -> builder.maxRequestsInFlight(8));
		try (SocketChannel flooder = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			flooder.connect(UnixDomainSocketAddress.of(this.socket));
			byte[] chunk = "{\"id\":1,\"method\":\"Slow\"}\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
			long total = 64L * 1024 * 1024;
			AtomicLong written = new AtomicLong();
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					while (written.get() < total) {
						ByteBuffer buffer = ByteBuffer.wrap(chunk);
						while (buffer.hasRemaining()) {
							written.addAndGet(flooder.write(buffer));
						}
					}
				}
				catch (IOException ex) {
					// closed by the test
				}
			}, TestThreads.PER_TASK);
			// the server stops reading, so the writer blocks long before it is done
			long[] previous = { -1 };
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
				long now = written.get();
				boolean stalled = now > 0 && now == previous[0];
				previous[0] = now;
				return stalled;
			});
			assertThat(writer).isNotDone();
			assertThat(written.get()).isLessThan(total / 8);
			try (LineClient other = new LineClient(this.socket)) {
				assertThat(other.send(PING).receive()).isEqualTo(PONG);
			}
			flooder.close();
			writer.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void anUnterminatedLineOf200MegabytesClosesOnlyItsConnection() throws Exception {
		start((builder) -> {
		});
		try (SocketChannel hog = SocketChannel.open(StandardProtocolFamily.UNIX);
				LineClient other = new LineClient(this.socket)) {
			hog.connect(UnixDomainSocketAddress.of(this.socket));
			AtomicLong written = new AtomicLong();
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				byte[] chunk = new byte[1024 * 1024];
				Arrays.fill(chunk, (byte) 'a');
				try {
					for (int i = 0; i < 200; i++) {
						ByteBuffer buffer = ByteBuffer.wrap(chunk);
						while (buffer.hasRemaining()) {
							written.addAndGet(hog.write(buffer));
						}
					}
				}
				catch (IOException ex) {
					// the server closed the connection
				}
			}, TestThreads.PER_TASK);
			ByteBuffer response = ByteBuffer.allocate(1024);
			try {
				while (hog.read(response) >= 0 && response.position() < response.capacity()) {
					// read the error until the server closes
				}
			}
			catch (IOException ex) {
				// reset, as the server closed with unread input
			}
			assertThat(new String(response.array(), 0, response.position(), StandardCharsets.UTF_8))
				.startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,");
			writer.get(20, TimeUnit.SECONDS);
			assertThat(written.get()).isLessThan(200L * 1024 * 1024);
			assertThat(other.send(PING).receive()).isEqualTo(PONG);
		}
	}

	@Test
	void nestingAHundredThousandLevelsDeepIsAParseErrorAndTheConnectionStaysUsable() {
		start((builder) -> {
		});
		try (LineClient client = new LineClient(this.socket)) {
			String deep = "[".repeat(100_000) + "]".repeat(100_000);
			String deepObject = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
			client.send(deep).send("{\"id\":2,\"method\":\"Echo\",\"params\":" + deep + "}").send(deepObject);
			client.send("{\"id\":3,\"method\":\"Echo\",\"params\":" + "[".repeat(100_000));
			for (int i = 0; i < 4; i++) {
				assertThat(client.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
			}
			assertThat(client.send(PING).receive()).isEqualTo(PONG);
		}
	}

	@Test
	void twentyThousandLinesOfGarbageAreAnsweredOrIgnoredAndLeaveItServing() {
		start((builder) -> {
		});
		Random random = new Random(4);
		String[] fragments = { "{", "}", "[", "]", "\"", ":", ",", "\\", "id", "method", "params", "jsonrpc", "2.0",
				"Echo", "Ping", "null", "-1", "1e999", "18446744073709551616", "\"\\ud800\"", "\u00e9", "\t", "\r" };
		try (LineClient client = new LineClient(this.socket)) {
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < 20_000; i++) {
				if (random.nextBoolean()) {
					byte[] bytes = new byte[random.nextInt(120)];
					random.nextBytes(bytes);
					for (int j = 0; j < bytes.length; j++) {
						bytes[j] = (bytes[j] == '\n') ? (byte) ' ' : bytes[j];
					}
					lines.append(new String(bytes, StandardCharsets.ISO_8859_1));
				}
				else {
					for (int j = random.nextInt(30); j > 0; j--) {
						lines.append(fragments[random.nextInt(fragments.length)]);
					}
				}
				lines.append('\n');
			}
			client.sendBytes(lines.toString().getBytes(StandardCharsets.ISO_8859_1));
			client.send("{\"id\":99999999,\"method\":\"Ping\"}");
			String line;
			int answers = 0;
			while (!(line = client.receive()).equals("{\"id\":99999999,\"result\":{\"pong\":true}}")) {
				JsonNode message = json.readTree(line);
				List<JsonNode> responses = message.isArray() ? message.valueStream().toList() : List.of(message);
				assertThat(responses).as(line)
					.isNotEmpty()
					.allMatch((response) -> response.has("id") && (response.has("result") ^ response.has("error")));
				answers++;
			}
			assertThat(answers).isBetween(1, 20_000);
		}
	}

	@Test
	void refusesAPeerRunningAsAnotherUserEvenWhenTheSocketIsOpenToIt() throws Exception {
		OtherUserClient.assumeAvailable();
		Files.setPosixFilePermissions(this.tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
		start((builder) -> builder.socketPermissions(PosixFilePermissions.fromString("rw-rw-rw-")));
		assertThat(pingAsNobody()).isEqualTo("closed");
		assertThat(this.server.connections()).isEmpty();
		this.server.close();
		Files.deleteIfExists(this.socket);
		start((builder) -> builder.socketPermissions(PosixFilePermissions.fromString("rw-rw-rw-"))
			.allowedUids(List.of(65534L)));
		assertThat(pingAsNobody()).isEqualTo(PONG);
	}

	private String pingAsNobody() {
		return OtherUserClient.call(this.socket, 65534, 65534, List.of(), PING);
	}

	private void start(Consumer<UdsRpcServer.Builder> customizer) {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(this.handlers, "testHandlers");
		UdsRpcServer.Builder builder = UdsRpcServer.builder(registry).socketPath(this.socket);
		customizer.accept(builder);
		this.server = builder.build().start();
	}

	private void assertAnswersPing() {
		try (LineClient client = new LineClient(this.socket)) {
			assertThat(client.send(PING).receive()).isEqualTo(PONG);
		}
	}

	private static long openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

}
