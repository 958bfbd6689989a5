package dev.udsrpc.protocol.internal;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcParams;
import dev.udsrpc.test.StrictJsonLines;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz test of the codec: any bytes, framed into lines and decoded, give
 * a request, an error to answer with, or nothing, and never an exception; and whatever
 * the server would write from what was decoded (responses with the id and method
 * received, events, batches) is strict JSON lines. Runs its stored inputs in the build;
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
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
			byte[] output = answer(this.decoder.decode(line));
			if (output != null) {
				List<JsonNode> messages = StrictJsonLines.parse(output);
				assertThat(messages).hasSize(1);
			}
		}
	}

	/**
	 * Write what a server answers to a decoded line, using everything the client chose:
	 * the id, the method name and the params.
	 */
	private byte[] answer(Inbound inbound) {
		if (inbound instanceof Inbound.Request request) {
			assertThat(request.method()).isNotNull();
			JsonLineBuilder out = new JsonLineBuilder(64);
			MessageEncoder.error(out, request.dialect(), request.id(), ErrorCodes.METHOD_NOT_FOUND,
					"method not found: " + request.method(), null);
			assertSingleLine(out.toByteArray());
			out = new JsonLineBuilder(64);
			MessageEncoder.beginEvent(out, request.dialect(), request.method(), true);
			json.writeValue(out, request.method());
			MessageEncoder.endEvent(out);
			assertSingleLine(out.toByteArray());
			// as an echo handler would answer: params bound and written by a mapper
			JsonNode echoed = null;
			RpcParams params = request.params();
			if (params != null) {
				try {
					echoed = json.readTree(params.buffer(), params.offset(), params.length());
				}
				catch (JacksonException ex) {
					// strings in params are left for the binding to check
					return MessageEncoder.error(request.dialect(), request.id(), ErrorCodes.INVALID_PARAMS,
							"invalid params: parameter 'value': " + ex.getOriginalMessage());
				}
			}
			out = new JsonLineBuilder(64);
			MessageEncoder.beginResult(out, request.dialect(), request.id());
			json.writeValue(out, echoed);
			MessageEncoder.endResult(out);
			return out.toByteArray();
		}
		if (inbound instanceof Inbound.Invalid invalid) {
			byte[] response = MessageEncoder.error(invalid.dialect(), invalid.id(), invalid.code(), invalid.message());
			JsonNode message = StrictJsonLines.parseLine(withoutNewline(response));
			assertThat(message.has("id")).isTrue();
			assertThat(message.at("/error/code").isInt()).isTrue();
			return response;
		}
		if (inbound instanceof Inbound.Batch batch) {
			assertThat(batch.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(16);
			List<byte[]> responses = new ArrayList<>();
			for (Inbound entry : batch.entries()) {
				responses.add(answer(entry));
			}
			return MessageEncoder.batch(responses);
		}
		return null;
	}

	private static void assertSingleLine(byte[] message) {
		assertThat(StrictJsonLines.parse(message)).hasSize(1);
	}

	private static byte[] withoutNewline(byte[] message) {
		assertThat(message[message.length - 1]).isEqualTo((byte) '\n');
		byte[] line = new byte[message.length - 1];
		System.arraycopy(message, 0, line, 0, line.length);
		return line;
	}

}
