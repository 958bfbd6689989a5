package dev.udsrpc.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RpcId}.
 */
class RpcIdTests {

	@ParameterizedTest
	@ValueSource(strings = { "0", "7", "-7", "18446744073709551615", "1.5", "-0.0", "1e400", "1E+2", "2.5e-3" })
	void numberIdKeepsItsText(String text) {
		assertThat(RpcId.ofNumberText(text).toJson()).isEqualTo(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "x", "0}\n{\"type\":\"Forged\"", "1 ", "+1", "01", "1.", ".5", "1e", "--1", "0x10",
			"NaN", "\"1\"", "1\n" })
	void numberIdRejectsTextThatIsNotAJsonNumber(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> RpcId.ofNumberText(text));
	}

	@Test
	void stringIdIsQuotedAndEscaped() {
		assertThat(RpcId.ofString("a\n\"b\u0000").toJson()).isEqualTo("\"a\\n\\\"b\\u0000\"");
	}

	@Test
	void writeJsonWritesTheUtf8JsonText() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RpcId.ofString("é").writeJson(out);
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"é\"");
	}

}
