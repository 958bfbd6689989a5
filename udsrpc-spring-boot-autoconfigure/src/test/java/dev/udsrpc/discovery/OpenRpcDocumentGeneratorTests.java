package dev.udsrpc.discovery;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.udsrpc.handler.HandlerRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link OpenRpcDocumentGenerator}.
 */
class OpenRpcDocumentGeneratorTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HandlerRegistry registry = new HandlerRegistry(json);

	private final ObjectNode document;

	OpenRpcDocumentGeneratorTests() {
		this.registry.registerAnnotated(new DiscoveryTestHandlers(), "handlers");
		this.registry.registerAnnotated(new UdsRpcDiscoveryHandler(this.registry, "tapp", "1.0"), "discovery");
		this.document = new UdsRpcDiscoveryHandler(this.registry, "tapp", "1.0").discover();
	}

	@Test
	void generatesADocumentThatTheOpenRpcMetaSchemaAccepts() throws Exception {
		List<Error> errors = metaSchema().validate(this.document);
		assertThat(errors).as(this.document::toPrettyString).isEmpty();
		assertThat(this.document.at("/openrpc").asString()).isEqualTo(OpenRpcDocumentGenerator.OPENRPC_VERSION);
		assertThat(this.document.at("/info/title").asString()).isEqualTo("tapp");
		assertThat(this.document.at("/info/version").asString()).isEqualTo("1.0");
	}

	@Test
	void listsEveryMethodButDiscoveryWithTheParamsItBinds() {
		Map<String, List<String>> params = new java.util.LinkedHashMap<>();
		for (JsonNode method : this.document.get("methods")) {
			List<String> names = new ArrayList<>();
			method.get("params").forEach((param) -> names.add(param.get("name").asString()));
			params.put(method.get("name").asString(), names);
		}
		assertThat(params).containsOnly(entry("Ping", List.of()), entry("Echo", List.of("msg")),
				entry("Get", List.of("key")), entry("Set", List.of("key", "value")),
				entry("WaitFor", List.of("name", "timeoutMillis")), entry("Upper", List.of("text")),
				entry("Nothing", List.of()), entry("Sum", List.of("values")),
				entry("Subtract", List.of("minuend", "subtrahend")));
	}

	@Test
	void describesParamsAndResultsWithJsonSchemas() {
		assertThat(method("Echo").get("paramStructure").asString()).isEqualTo("by-name");
		assertThat(method("Echo").at("/params/0/schema/type").asString()).isEqualTo("string");
		assertThat(method("Set").get("paramStructure").asString()).isEqualTo("either");
		assertThat(method("Set").at("/params/0/required").asBoolean()).isTrue();
		assertThat(method("Set").at("/params/1/required").asBoolean()).isFalse();
		assertThat(method("WaitFor").at("/params/1/required").asBoolean()).isFalse();
		assertThat(method("WaitFor").at("/params/1/schema/type").asString()).isEqualTo("integer");
		assertThat(method("Subtract").at("/params/0/schema/type").asString()).isEqualTo("integer");
		assertThat(method("Sum").at("/params/0/schema/type").asString()).isEqualTo("array");
		assertThat(method("Sum").at("/params/0/schema/items/type").asString()).isEqualTo("integer");
		assertThat(method("Upper").at("/result/schema/type").asString()).isEqualTo("string");
		assertThat(method("Nothing").at("/result/schema/type").asString()).isEqualTo("null");
		String entryRef = method("Get").at("/result/schema/$ref").asString();
		assertThat(entryRef).startsWith("#/components/schemas/");
		JsonNode entry = this.document.at(entryRef.substring(1));
		assertThat(entry.at("/properties/key/type").asString()).isEqualTo("string");
		assertThat(entry.at("/properties/modified/format").asString()).isEqualTo("date-time");
		assertThat(method("Set").at("/result/schema/$ref").asString()).isEqualTo(entryRef);
		assertThat(method("WaitFor").at("/result/schema/$ref").asString()).isEqualTo(entryRef);
	}

	private JsonNode method(String name) {
		for (JsonNode method : this.document.get("methods")) {
			if (method.get("name").asString().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	/**
	 * The OpenRPC meta-schema describes schemas with the draft 7 meta-schema of
	 * meta.json-schema.tools; it is swapped for the draft 7 meta-schema the validator
	 * ships, so that the test needs no network.
	 * @return the schema of OpenRPC documents
	 */
	static Schema metaSchema() throws Exception {
		ObjectNode metaSchema;
		try (InputStream in = OpenRpcDocumentGeneratorTests.class.getResourceAsStream("/openrpc/meta-schema.json")) {
			metaSchema = (ObjectNode) json.readTree(in);
		}
		String draft7 = "http://json-schema.org/draft-07/schema#";
		metaSchema.put("$schema", draft7);
		((ObjectNode) metaSchema.get("definitions")).putObject("JSONSchema").put("$ref", draft7);
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
			.getSchema(SchemaLocation.of("https://meta.open-rpc.org/"), metaSchema);
	}

}
