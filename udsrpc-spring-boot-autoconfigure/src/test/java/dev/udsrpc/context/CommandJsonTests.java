package dev.udsrpc.context;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CommandJson}: what the commands print is what Jackson prints.
 */
class CommandJsonTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "{\"pong\":true}", "null", "[]", "{}", "\"\\u0001\\n\\t\\\"\\\\/é€😀\"",
			"{ \"a\" : [ 1 , -2 , 3.5 , 0 ] , \"b\" : { \"c\" : null , \"d\" : false } }",
			"[\"\\b\\f\\r\\u001f\\u007f\"]", "12345678901234567890" })
	void writesCompactlyAsJacksonDoes(String json) {
		assertThat(CommandJson.write(CommandJson.parse(json)))
			.isEqualTo(this.mapper.writeValueAsString(this.mapper.readTree(json)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "[1,]", "{\"a\":}", "{a:1}", "01", "1.", "-", "\"\\x\"", "\"\u0001\"", "tru",
			"{\"a\":1} x", "[1 2]", "\"unterminated" })
	void refusesWhatIsNotJson(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> CommandJson.parse(text))
			.withMessageContaining("position");
	}

	@Test
	void keepsNumbersAsWritten() {
		Object parsed = CommandJson.parse("{\"pid\":4242,\"big\":123456789012345678901234567890,\"f\":0.1}");
		assertThat(parsed).isInstanceOf(Map.class);
		Map<?, ?> map = (Map<?, ?>) parsed;
		assertThat(((CommandJson.JsonNumber) map.get("pid")).isLong()).isTrue();
		assertThat(((CommandJson.JsonNumber) map.get("pid")).longValue()).isEqualTo(4242);
		assertThat(((CommandJson.JsonNumber) map.get("big")).isLong()).isFalse();
		assertThat(map.get("f")).hasToString("0.1");
		assertThat(CommandJson.write(CommandJson.parse("[1e3, -0.25E-2]"))).isEqualTo("[1e3,-0.25E-2]");
		assertThat(CommandJson.parse("[true,null]")).isEqualTo(Arrays.asList(true, null));
	}

}
