package dev.udsrpc.protocol;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz test of the codec: any bytes, framed into lines and decoded, give
 * a request, an error to answer with, or nothing, and never an exception. Runs its stored
 * inputs in the build; {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class CodecFuzzTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MessageDecoder decoder = new MessageDecoder(
			StreamReadConstraints.builder().maxNestingDepth(64).build(), 16);

	@FuzzTest(maxDuration = "5m")
	void anyBytesDecodeToARequestAnErrorOrNothing(byte[] input) {
		LineFramer framer = new LineFramer(4096);
		List<byte[]> lines = new ArrayList<>();
		int half = input.length / 2;
		boolean fits = framer.feed(input, 0, half, lines::add)
				&& framer.feed(input, half, input.length - half, lines::add);
		assertThat(fits || input.length > 4096).isTrue();
		for (byte[] line : lines) {
			check(this.decoder.decode(line));
		}
	}

	private void check(Inbound inbound) {
		if (inbound instanceof Inbound.Request request) {
			assertThat(request.method()).isNotNull();
			if (request.params() != null) {
				json.readTree(request.params().toJson());
			}
			byte[] response = MessageEncoder.error(request.dialect(), request.id(), ErrorCodes.INTERNAL_ERROR,
					request.method());
			assertResponse(response);
		}
		else if (inbound instanceof Inbound.Invalid invalid) {
			assertResponse(MessageEncoder.error(invalid.dialect(), invalid.id(), invalid.code(), invalid.message()));
		}
		else if (inbound instanceof Inbound.Batch batch) {
			assertThat(batch.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(16);
			batch.entries().forEach(this::check);
		}
	}

	private static void assertResponse(byte[] response) {
		assertThat(response[response.length - 1]).isEqualTo((byte) '\n');
		JsonNode message = json.readTree(response);
		assertThat(message.has("id")).isTrue();
		assertThat(message.at("/error/code").isInt()).isTrue();
	}

}
