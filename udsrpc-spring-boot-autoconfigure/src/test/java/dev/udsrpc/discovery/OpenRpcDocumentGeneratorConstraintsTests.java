package dev.udsrpc.discovery;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.handler.UdsRpcParam;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Bean Validation constraints in the schemas of
 * {@link OpenRpcDocumentGenerator}.
 */
class OpenRpcDocumentGeneratorConstraintsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ObjectNode document;

	OpenRpcDocumentGeneratorConstraintsTests() {
		HandlerRegistry registry = new HandlerRegistry(json);
		registry.registerAnnotated(new ConstrainedHandlers(), "handlers");
		this.document = new OpenRpcDocumentGenerator(json).generate(registry.handlers(), "tapp", "1.0");
	}

	@Test
	void propertiesOfAnObjectBoundFromTheWholeParamsCarryTheirConstraints() {
		JsonNode greet = method("Greet");
		assertThat(param(greet, "name").at("/schema/minLength").asInt()).isEqualTo(1);
		assertThat(param(greet, "name").get("required").asBoolean()).isTrue();
		assertThat(param(greet, "times").at("/schema/maximum").asInt()).isEqualTo(5);
		assertThat(param(greet, "tag").at("/schema/pattern").asString()).isEqualTo("[a-z]+");
		assertThat(param(greet, "tag").get("required").asBoolean()).isFalse();
	}

	@Test
	void parametersCarryTheConstraintsAnnotatedOnThem() {
		JsonNode repeat = method("Repeat");
		assertThat(param(repeat, "text").at("/schema/minLength").asInt()).isEqualTo(3);
		assertThat(param(repeat, "text").at("/schema/maxLength").asInt()).isEqualTo(10);
		assertThat(param(repeat, "count").at("/schema/minimum").asInt()).isZero();
		assertThat(param(repeat, "count").at("/schema/maximum").asInt()).isEqualTo(100);
		assertThat(param(repeat, "delay").at("/schema/exclusiveMinimum").asInt()).isZero();
		assertThat(param(repeat, "note").at("/schema/minLength").asInt()).isEqualTo(1);
	}

	private JsonNode method(String name) {
		for (JsonNode method : this.document.get("methods")) {
			if (method.get("name").asString().equals(name)) {
				return method;
			}
		}
		throw new AssertionError("No method " + name + " in " + this.document.toPrettyString());
	}

	private JsonNode param(JsonNode method, String name) {
		for (JsonNode param : method.get("params")) {
			if (param.get("name").asString().equals(name)) {
				return param;
			}
		}
		throw new AssertionError("No param " + name + " in " + method.toPrettyString());
	}

	public record GreetRequest(@NotBlank String name, @Max(5) int times,
			@Pattern(regexp = "[a-z]+") @org.jspecify.annotations.Nullable String tag) {

	}

	public static class ConstrainedHandlers {

		@UdsRpcHandler("Greet")
		public String greet(@Valid GreetRequest request) {
			return request.name();
		}

		@UdsRpcHandler("Repeat")
		public String repeat(@Size(min = 3, max = 10) String text, @UdsRpcParam("count") @Min(0) @Max(100) int times,
				@Positive long delay, @NotBlank String note) {
			return text.repeat(times);
		}

	}

}
