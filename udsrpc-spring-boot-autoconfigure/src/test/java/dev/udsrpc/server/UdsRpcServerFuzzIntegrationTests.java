package dev.udsrpc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.StrictJsonLines;
import dev.udsrpc.test.TestThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz test of the whole receive path (framing, decoding, dispatch,
 * binding, encoding) over a real socket: whatever a client sends and then half-closes, it
 * gets responses and events that are strict JSON lines (valid UTF-8, one value per line,
 * no duplicate member names), at most one line per line it sent (more only for
 * {@code Subscribe}), then the server closes; and the server keeps serving others. Runs
 * its stored inputs in the build; {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class UdsRpcServerFuzzIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path tempDir;

	private static UdsRpcServer server;

	private static Path socket;

	@BeforeAll
	static void startServer() {
		socket = tempDir.resolve("f.sock");
		TestHandlers handlers = new TestHandlers();
		handlers.release.countDown();
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(handlers, "testHandlers");
		server = UdsRpcServer.builder(registry)
			.socketPath(socket)
			.maxMessageSize(4096)
			.maxRequestsInFlight(4)
			.maxBatchSize(16)
			.build()
			.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@FuzzTest(maxDuration = "5m")
	void anyInputIsAnsweredWithValidResponsesThenClosed(byte[] input) throws Exception {
		List<JsonNode> received = StrictJsonLines.parse(exchange(input));
		long sent = new String(input, StandardCharsets.ISO_8859_1).lines().filter((line) -> !line.isBlank()).count();
		assertThat(received.size()).isLessThanOrEqualTo((int) (2 * sent));
		for (JsonNode message : received) {
			List<JsonNode> messages = message.isArray() ? message.valueStream().toList() : List.of(message);
			assertThat(messages).as(message.toString())
				.isNotEmpty()
				.allMatch(UdsRpcServerFuzzIntegrationTests::isResponseOrEvent);
		}
		try (LineClient other = new LineClient(socket)) {
			assertThat(other.send("{\"id\":1,\"method\":\"Ping\"}").receive())
				.isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
		}
	}

	/**
	 * Return whether a message is a response or an event the handlers send: no client can
	 * make the server write an event of its own choosing.
	 */
	private static boolean isResponseOrEvent(JsonNode message) {
		if (message.has("type")) {
			return message.size() == 2 && message.path("type").asString("").equals("Subscribed") && message.has("data");
		}
		if (message.has("method")) {
			return !message.has("id") && message.path("method").asString("").equals("Subscribed");
		}
		return message.has("id") && (message.has("result") ^ message.has("error"));
	}

	private static byte[] exchange(byte[] input) throws Exception {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readToEnd(channel),
					TestThreads.PER_TASK);
			try {
				channel.write(ByteBuffer.wrap(input));
				channel.shutdownOutput();
			}
			catch (IOException ex) {
				// closed by the server after an oversized line
			}
			return output.get(10, TimeUnit.SECONDS);
		}
	}

	private static byte[] readToEnd(SocketChannel channel) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		try {
			while (channel.read(buffer) >= 0) {
				out.write(buffer.array(), 0, buffer.position());
				buffer.clear();
			}
		}
		catch (IOException ex) {
			if (!ex.getMessage().contains("reset")) {
				throw new UncheckedIOException(ex);
			}
		}
		return out.toByteArray();
	}

}
