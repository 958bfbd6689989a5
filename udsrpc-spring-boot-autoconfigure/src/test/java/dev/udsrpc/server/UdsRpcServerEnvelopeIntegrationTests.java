package dev.udsrpc.server;

import java.nio.file.Path;
import java.util.Map;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of what a server answers to envelopes crafted to confuse it, over a
 * real socket.
 */
class UdsRpcServerEnvelopeIntegrationTests {

	private static final String PING = "{\"id\":99,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":99,\"result\":{\"pong\":true}}";

	@TempDir
	Path tempDir;

	private UdsRpcServer server;

	private Path socket;

	@BeforeEach
	void startServer() {
		this.socket = this.tempDir.resolve("e.sock");
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.registerAnnotated(new Handlers(), "handlers");
		this.server = UdsRpcServer.builder(registry).socketPath(this.socket).build().start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void stringIdAfterNumberIdCannotMakeTheServerWriteAForgedLine() {
		// the second id's text, with an escaped newline, was once written as the id
		String forging = "{\"id\":1,\"id\":\"0,\\\"result\\\":1}\\n{\\\"type\\\":\\\"Forged\\\",\\\"data\\\":0\","
				+ "\"method\":\"Ping\"}";
		try (LineClient client = new LineClient(this.socket)) {
			client.send(forging);
			assertThat(client.receive()).isEqualTo(
					"{\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: duplicate member \\\"id\\\"\"}}");
			assertThat(client.send(PING).receive()).isEqualTo(PONG);
		}
	}

	@Test
	void recordParameterWithoutParamsIsInvalidParamsNamingIt() {
		try (LineClient client = new LineClient(this.socket)) {
			assertThat(client.send("{\"id\":1,\"method\":\"Norm\"}").receive()).isEqualTo(
					"{\"id\":1,\"error\":{\"code\":-32602,\"message\":\"invalid params: missing parameter 'point'\"}}");
			assertThat(client.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Norm\",\"params\":[null]}").receive())
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,"
						+ "\"message\":\"invalid params: parameter 'point': must not be null\"}}");
			assertThat(client.send("{\"id\":3,\"method\":\"Norm\",\"params\":{\"x\":3,\"y\":4}}").receive())
				.isEqualTo("{\"id\":3,\"result\":25}");
		}
	}

	@Test
	void handlerExceptionWithoutMessageIsAnsweredAsInternalErrorWithoutItsClassName() {
		try (LineClient client = new LineClient(this.socket)) {
			assertThat(client.send("{\"id\":1,\"method\":\"Broken\"}").receive())
				.isEqualTo("{\"id\":1,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}");
		}
	}

	/**
	 * Handlers of these tests.
	 */
	public static class Handlers {

		@UdsRpcHandler("Ping")
		public Map<String, Boolean> ping() {
			return Map.of("pong", true);
		}

		@UdsRpcHandler("Norm")
		public int norm(Point point) {
			return point.x() * point.x() + point.y() * point.y();
		}

		@UdsRpcHandler("Broken")
		public String broken() {
			throw new IllegalStateException();
		}

	}

	record Point(int x, int y) {

	}

}
