package dev.udsrpc.discovery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.server.UdsRpcServer;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Integration tests for {@link UdsRpcDiscoveryHandler} over a real socket.
 */
class UdsRpcDiscoveryHandlerIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path tempDir;

	@Test
	void answersRpcDiscoverWithTheMethodsAndTheirParamNames() throws Exception {
		Path socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(new DiscoveryTestHandlers(), "handlers");
		registry.registerAnnotated(new UdsRpcDiscoveryHandler(registry, "tapp", "1.0"), "discovery");
		try (UdsRpcServer server = UdsRpcServer.start(socket, registry); LineClient client = new LineClient(socket)) {
			client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc.discover\"}");
			JsonNode response = json.readTree(client.receive());
			JsonNode document = response.get("result");
			assertThat(OpenRpcDocumentGeneratorTests.metaSchema().validate(document)).isEmpty();
			Map<String, List<String>> params = new LinkedHashMap<>();
			for (JsonNode method : document.get("methods")) {
				List<String> names = new ArrayList<>();
				method.get("params").forEach((param) -> names.add(param.get("name").asString()));
				params.put(method.get("name").asString(), names);
			}
			assertThat(params).hasSize(9)
				.contains(entry("Echo", List.of("msg")), entry("Set", List.of("key", "value")),
						entry("Subtract", List.of("minuend", "subtrahend")), entry("Ping", List.of()))
				.doesNotContainKey("rpc.discover");
			client.send("{\"id\":2,\"method\":\"rpc.discover\"}");
			assertThat(json.readTree(client.receive()).get("result")).isEqualTo(document);
		}
	}

}
