package dev.udsrpc.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Integration tests for the {@code myd} sample, through its real socket.
 */
class MydApplicationIntegrationTests {

	@TempDir
	static Path runtimeDir;

	@DynamicPropertySource
	static void runtimeDir(DynamicPropertyRegistry registry) {
		// each cached context serves its own daemon, so each needs its own directory
		registry.add("test.runtime-base", runtimeDir::toString);
	}

	@Nested
	@SpringBootTest(properties = { "myd.tick-interval=0s", "udsrpc.runtime-dir=${test.runtime-base}/default" })
	class DefaultConfiguration {

		@Autowired
		DaemonLocation location;

		@Test
		void answersPingAndEchoLikeTheGoLibrary() throws Exception {
			try (LineClient client = new LineClient(this.location.socketPath())) {
				assertThat(client.call("{\"id\":1,\"method\":\"Ping\",\"params\":{}}"))
					.isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
				assertThat(client.call("{\"id\":2,\"method\":\"Echo\",\"params\":{\"msg\":\"hi\"}}"))
					.isEqualTo("{\"id\":2,\"result\":{\"msg\":\"hi\"}}");
				assertThat(client.call("{\"id\":3,\"method\":\"Hello\",\"params\":[\"Ada\"]}"))
					.isEqualTo("{\"id\":3,\"result\":\"Hello, Ada (pid " + ProcessHandle.current().pid() + ")\"}");
			}
		}

		@Test
		void pushesChangesOfTheStoreToEveryClient() throws Exception {
			try (LineClient writer = new LineClient(this.location.socketPath());
					LineClient watcher = new LineClient(this.location.socketPath())) {
				assertThat(watcher.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Ping\"}")).contains("\"pong\"");
				writer.send("{\"id\":1,\"method\":\"Set\",\"params\":{\"key\":\"color\",\"value\":\"blue\"}}");
				assertThat(watcher.receive()).isEqualTo(
						"{\"jsonrpc\":\"2.0\",\"method\":\"KeyChanged\",\"params\":{\"key\":\"color\",\"value\":\"blue\"}}");
				assertThat(writer.receive())
					.isEqualTo("{\"type\":\"KeyChanged\",\"data\":{\"key\":\"color\",\"value\":\"blue\"}}");
				assertThat(writer.receive()).isEqualTo("{\"id\":1,\"result\":{\"key\":\"color\",\"value\":\"blue\"}}");
				assertThat(writer.call("{\"id\":2,\"method\":\"Get\",\"params\":{\"key\":\"size\"}}")).isEqualTo(
						"{\"id\":2,\"error\":{\"code\":1001,\"message\":\"no such key: size\",\"data\":{\"key\":\"size\"}}}");
				assertThat(writer.call("{\"id\":3,\"method\":\"Get\",\"params\":[\"color\"]}"))
					.isEqualTo("{\"id\":3,\"result\":{\"key\":\"color\",\"value\":\"blue\"}}");
			}
		}

		@Test
		void describesItsMethodsWithRpcDiscover() throws Exception {
			try (LineClient client = new LineClient(this.location.socketPath())) {
				JsonNode document = JsonMapper.builder()
					.build()
					.readTree(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc.discover\"}"))
					.get("result");
				assertThat(document.get("openrpc").asString()).startsWith("1.");
				assertThat(document.at("/info/title").asString()).isEqualTo("myd");
				Map<String, List<String>> params = new LinkedHashMap<>();
				for (JsonNode method : document.get("methods")) {
					List<String> names = new ArrayList<>();
					method.get("params").forEach((param) -> names.add(param.get("name").asString()));
					params.put(method.get("name").asString(), names);
				}
				assertThat(params).contains(entry("Ping", List.of()), entry("Echo", List.of("msg")),
						entry("Hello", List.of("name")), entry("Get", List.of("key")),
						entry("Set", List.of("key", "value")), entry("WaitFor", List.of("key", "timeoutMillis")),
						entry("udsrpc.status", List.of()));
			}
		}

		@Test
		void answersJsonRpc2Batches() throws Exception {
			try (LineClient client = new LineClient(this.location.socketPath())) {
				assertThat(client.call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Ping\"},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"Ping\"},{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"Nope\"}]"))
					.isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"pong\":true}},"
							+ "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"error\":{\"code\":-32601,\"message\":\"method not found: Nope\"}}]");
			}
		}

	}

	@Nested
	@SpringBootTest(
			properties = { "myd.tick-interval=50ms", "myd.max-keys=1", "udsrpc.runtime-dir=${test.runtime-base}/fast" })
	class FastTicksAndATinyStore {

		@Autowired
		DaemonLocation location;

		@Test
		void pushesTicks() throws Exception {
			try (LineClient client = new LineClient(this.location.socketPath())) {
				assertThat(client.receive()).matches("\\{\"type\":\"Tick\",\"data\":\\{\"unix\":\\d+}}");
			}
		}

		@Test
		void refusesKeysBeyondTheLimit() throws Exception {
			try (LineClient client = new LineClient(this.location.socketPath())) {
				client.send("{\"id\":1,\"method\":\"Set\",\"params\":{\"key\":\"a\",\"value\":\"1\"}}");
				assertThat(replyTo(client, 1)).contains("\"result\"");
				client.send("{\"id\":2,\"method\":\"Set\",\"params\":{\"key\":\"b\",\"value\":\"2\"}}");
				String reply = replyTo(client, 2);
				assertThat(reply).contains("\"code\":1002");
			}
		}

		private String replyTo(LineClient client, int id) throws Exception {
			String line = client.receive();
			// skip the Tick and KeyChanged events pushed meanwhile
			while (!line.startsWith("{\"id\":" + id + ",")) {
				line = client.receive();
			}
			return line;
		}

	}

}
