package dev.udsrpc.sample;

import java.nio.file.Path;
import java.util.List;

import dev.udsrpc.test.LineClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code myd} as processed by {@code spring-boot:process-aot} (the build does it
 * before the tests) with {@code -Dspring.aot.enabled=true}: its context comes from the
 * generated initializer, and every method is served.
 */
class MydAotProcessTests {

	@TempDir
	Path xdg;

	@Test
	void servesEveryMethodFromTheAotProcessedContext() throws Exception {
		assertThat(Path.of(MydApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.resolve("dev/udsrpc/sample/MydApplication__ApplicationContextInitializer.class"))
			.as("processed ahead of time")
			.exists();
		try (MydProcess myd = MydProcess.start(this.xdg, List.of("-Dspring.aot.enabled=true"))) {
			Path socket = MydProcess.socket(this.xdg);
			MydProcess.awaitServing(socket);
			try (LineClient client = new LineClient(socket)) {
				assertThat(client.call("{\"id\":1,\"method\":\"Ping\"}"))
					.isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
				assertThat(client.call("{\"id\":2,\"method\":\"Echo\",\"params\":{\"msg\":\"hi\"}}"))
					.isEqualTo("{\"id\":2,\"result\":{\"msg\":\"hi\"}}");
				assertThat(client.call("{\"id\":3,\"method\":\"Hello\",\"params\":{\"name\":\"aot\"}}"))
					.startsWith("{\"id\":3,\"result\":\"")
					.contains("aot");
				// the event and the response, in either order
				client.send("{\"id\":4,\"method\":\"Set\",\"params\":{\"key\":\"k\",\"value\":\"v\"}}");
				assertThat(List.of(client.receive(), client.receive())).containsExactlyInAnyOrder(
						"{\"id\":4,\"result\":{\"key\":\"k\",\"value\":\"v\"}}",
						"{\"type\":\"KeyChanged\",\"data\":{\"key\":\"k\",\"value\":\"v\"}}");
				assertThat(client.call("{\"id\":5,\"method\":\"Get\",\"params\":{\"key\":\"k\"}}"))
					.isEqualTo("{\"id\":5,\"result\":{\"key\":\"k\",\"value\":\"v\"}}");
				assertThat(client
					.call("{\"id\":6,\"method\":\"WaitFor\",\"params\":{\"key\":\"k\",\"timeoutMillis\":10}}"))
					.isEqualTo("{\"id\":6,\"result\":{\"key\":\"k\",\"value\":\"v\"}}");
				assertThat(client.call("{\"id\":7,\"method\":\"List\"}"))
					.isEqualTo("{\"id\":7,\"result\":{\"k\":\"v\"}}");
				client.send("{\"id\":8,\"method\":\"Delete\",\"params\":{\"key\":\"k\"}}");
				assertThat(List.of(client.receive(), client.receive())).containsExactlyInAnyOrder(
						"{\"id\":8,\"result\":true}",
						"{\"type\":\"KeyChanged\",\"data\":{\"key\":\"k\",\"value\":null}}");
				assertThat(client.call("{\"id\":9,\"method\":\"udsrpc.status\"}")).contains("\"pid\":" + myd.pid());
				client.send("{\"id\":10,\"method\":\"udsrpc.reload\"}");
				assertThat(List.of(client.receive(), client.receive())).containsExactlyInAnyOrder(
						"{\"id\":10,\"result\":{\"reloaded\":true}}", "{\"type\":\"ConfigReloaded\",\"data\":null}");
				assertThat(client.call("{\"id\":11,\"method\":\"rpc.discover\"}")).contains("\"openrpc\"")
					.contains("\"WaitFor\"");
			}
			assertThat(myd.output()).doesNotContain("ERROR");
		}
	}

}
