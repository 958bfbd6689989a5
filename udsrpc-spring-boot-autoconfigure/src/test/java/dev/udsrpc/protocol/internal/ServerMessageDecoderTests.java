package dev.udsrpc.protocol.internal;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.internal.ServerMessage.Batch;
import dev.udsrpc.protocol.internal.ServerMessage.Event;
import dev.udsrpc.protocol.internal.ServerMessage.Ignored;
import dev.udsrpc.protocol.internal.ServerMessage.Invalid;
import dev.udsrpc.protocol.internal.ServerMessage.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.StreamReadConstraints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerMessageDecoder}.
 */
class ServerMessageDecoderTests {

	private final ServerMessageDecoder decoder = new ServerMessageDecoder();

	@Test
	void goResponseHasItsIdAndItsResultAsASliceOfTheLine() {
		Response response = response("{\"id\":18446744073709551615,\"result\":{\"pong\":true}}");
		assertThat(response.id()).isEqualTo(RpcId.ofNumberText("18446744073709551615"));
		assertThat(response.result().toJson()).isEqualTo("{\"pong\":true}");
		assertThat(response.result().isNull()).isFalse();
		assertThat(response.error()).isNull();
	}

	@Test
	void idOfAResponseEqualsTheIdTheRequestWasSentWith() {
		assertThat(response("{\"id\":42,\"result\":1}").id()).isEqualTo(RpcId.of(42));
		assertThat(response("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":1}").id()).isEqualTo(RpcId.ofString("a"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"hi\"", "\"a\\u0041\\n\\\"\"", "12", "-1.5e3", "true", "[1,[2]]", "{\"a\":{}}",
			"18446744073709551616" })
	void resultIsTheExactTextOfItsValue(String value) {
		assertThat(response("{\"id\":1,\"result\":" + value + " }").result().toJson()).isEqualTo(value);
	}

	@Test
	void nullResultIsASliceThatIsNull() {
		JsonSlice result = response("{\"id\":1,\"result\":null}").result();
		assertThat(result.isNull()).isTrue();
		assertThat(result.toJson()).isEqualTo("null");
	}

	@Test
	void responseWithoutResultHasNone() {
		// the Go library omits an empty result
		assertThat(response("{\"id\":1}").result()).isNull();
	}

	@Test
	void errorResponseHasCodeMessageAndData() {
		Response response = response(
				"{\"id\":7,\"error\":{\"code\":-32010,\"message\":\"denied\",\"data\":{\"reason\":\"test\"}}}");
		assertThat(response.result()).isNull();
		assertThat(response.error().code()).isEqualTo(-32010);
		assertThat(response.error().message()).isEqualTo("denied");
		assertThat(response.error().data().toJson()).isEqualTo("{\"reason\":\"test\"}");
	}

	@Test
	void errorWithoutCodeOrMessageIsAnInternalErrorWithAnEmptyMessage() {
		ServerMessage.ResponseError error = response("{\"id\":7,\"error\":{\"code\":1.5,\"message\":3}}").error();
		assertThat(error.code()).isEqualTo(ErrorCodes.INTERNAL_ERROR);
		assertThat(error.message()).isEmpty();
		assertThat(error.data()).isNull();
	}

	@Test
	void nullErrorIsASuccess() {
		Response response = response("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":2,\"error\":null}");
		assertThat(response.error()).isNull();
		assertThat(response.result().toJson()).isEqualTo("2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"boom\"", "[]", "42", "true" })
	void errorThatIsNotAnObjectMakesAnInvalidResponseToItsRequest(String error) {
		Invalid invalid = invalid("{\"id\":3,\"error\":" + error + "}");
		assertThat(invalid.id()).isEqualTo(RpcId.of(3));
		assertThat(invalid.reason()).isEqualTo("error must be an object, but was " + error);
	}

	@Test
	void responseWithNullIdIsAResponseToNoRequestTheClientCanTell() {
		Response response = response(
				"{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}");
		assertThat(response.id().isNull()).isTrue();
		assertThat(response.error().code()).isEqualTo(-32700);
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "{}", "[1]" })
	void idThatIsNeitherNumberNorStringNorNullIsInvalid(String id) {
		Invalid invalid = invalid("{\"id\":" + id + ",\"result\":1}");
		assertThat(invalid.id()).isNull();
		assertThat(invalid.reason()).isEqualTo("id must be a number, a string or null");
	}

	@Test
	void goEventHasItsTypeAndData() {
		Event event = event("{\"type\":\"KeyChanged\",\"data\":{\"key\":\"k\",\"value\":null}}");
		assertThat(event.type()).isEqualTo("KeyChanged");
		assertThat(event.data().toJson()).isEqualTo("{\"key\":\"k\",\"value\":null}");
	}

	@Test
	void goEventWithoutDataHasNoneAndWithNullDataANullSlice() {
		assertThat(event("{\"type\":\"Tick\"}").data()).isNull();
		assertThat(event("{\"type\":\"Tick\",\"data\":null}").data().isNull()).isTrue();
	}

	@Test
	void jsonRpc2NotificationIsAnEventWithItsParamsAsData() {
		Event event = event("{\"jsonrpc\":\"2.0\",\"method\":\"KeyChanged\",\"params\":[1,2]}");
		assertThat(event.type()).isEqualTo("KeyChanged");
		assertThat(event.data().toJson()).isEqualTo("[1,2]");
		assertThat(event("{\"jsonrpc\":\"2.0\",\"method\":\"Tick\"}").data()).isNull();
	}

	@Test
	void typeMakesAnEventWhateverElseTheMessageCarries() {
		assertThat(event("{\"id\":1,\"type\":\"Tick\",\"result\":2}").type()).isEqualTo("Tick");
	}

	@Test
	void emptyOrNonStringTypeDoesNotMakeAnEvent() {
		assertThat(response("{\"type\":\"\",\"id\":1,\"result\":2}").id()).isEqualTo(RpcId.of(1));
		assertThat(response("{\"type\":5,\"id\":1,\"result\":2}").id()).isEqualTo(RpcId.of(1));
	}

	@Test
	void requestFromTheServerIsIgnored() {
		assertThat(this.decoder.decode(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Ask\"}")))
			.isInstanceOf(Ignored.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "\t" })
	void blankLineIsIgnored(String line) {
		assertThat(this.decoder.decode(bytes(line))).isInstanceOf(Ignored.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"result\":1}", "{\"error\":{}}", "{\"type\":\"\"}", "{\"other\":1}" })
	void objectThatIsNeitherResponseNorEventIsInvalid(String line) {
		Invalid invalid = invalid(line);
		assertThat(invalid.id()).isNull();
		assertThat(invalid.reason()).isEqualTo("neither a response (no id) nor an event (no type)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "\"text\"", "null", "true" })
	void scalarIsInvalid(String line) {
		assertThat(invalid(line).reason()).isEqualTo("a message must be a JSON object or array");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "{\"id\":1,", "{\"id\":1,\"result\":}", "nope", "{\"id\":1}}", "[1,]" })
	void malformedJsonIsAParseError(String line) {
		assertThat(invalid(line).reason()).startsWith("parse error");
	}

	@Test
	void responseFollowedByMoreContentIsAnInvalidResponseToItsRequest() {
		Invalid invalid = invalid("{\"id\":9,\"result\":1} {\"id\":10,\"result\":2}");
		assertThat(invalid.id()).isEqualTo(RpcId.of(9));
		assertThat(invalid.reason()).isEqualTo("unexpected content after the JSON value");
	}

	@ParameterizedTest
	@ValueSource(strings = { "result", "error", "type", "data", "method", "params" })
	void repeatedMemberMakesAnInvalidResponseToItsRequest(String member) {
		Invalid invalid = invalid("{\"id\":5,\"" + member + "\":null,\"" + member + "\":null}");
		assertThat(invalid.id()).isEqualTo(RpcId.of(5));
		assertThat(invalid.reason()).isEqualTo("duplicate member \"" + member + "\"");
	}

	@Test
	void repeatedIdMakesAnInvalidMessageOfNoRequest() {
		Invalid invalid = invalid("{\"id\":5,\"result\":1,\"id\":6}");
		assertThat(invalid.id()).isNull();
		assertThat(invalid.reason()).isEqualTo("duplicate member \"id\"");
	}

	@Test
	void repeatedUnknownMemberIsIgnored() {
		assertThat(response("{\"id\":5,\"x\":1,\"x\":2,\"result\":3}").result().toJson()).isEqualTo("3");
	}

	@Test
	void batchHoldsItsResponsesEventsAndInvalidEntriesInOrder() {
		Batch batch = (Batch) this.decoder.decode(bytes(
				"[{\"id\":1,\"result\":\"a\"},{\"type\":\"T\"},7,{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"m\"},{}]"));
		assertThat(batch.messages()).hasSize(4);
		assertThat(((Response) batch.messages().get(0)).result().toJson()).isEqualTo("\"a\"");
		assertThat(((Event) batch.messages().get(1)).type()).isEqualTo("T");
		assertThat(((Invalid) batch.messages().get(2)).reason()).isEqualTo("a batch entry must be a JSON object");
		assertThat(((Invalid) batch.messages().get(3)).reason()).startsWith("neither a response");
	}

	@Test
	void slicesOfALineDecodedFromTheMiddleOfABufferAreThoseOfTheLine() {
		String line = "{\"id\":1,\"result\":\"a\\\"b\",\"error\":null}";
		byte[] buffer = bytes("x\n" + line + "\n\"more\"");
		Response response = (Response) this.decoder.decode(buffer, 2, line.length());
		assertThat(response.result().toJson()).isEqualTo("\"a\\\"b\"");
		assertThat(response.result().buffer()).isSameAs(buffer);
	}

	@Test
	void constraintsLimitTheNesting() {
		ServerMessageDecoder shallow = new ServerMessageDecoder(
				StreamReadConstraints.builder().maxNestingDepth(10).build());
		String line = "{\"id\":1,\"result\":" + "[".repeat(20) + "]".repeat(20) + "}";
		assertThat(((Invalid) shallow.decode(bytes(line))).reason()).startsWith("parse error");
		assertThat(this.decoder.decode(bytes(line))).isInstanceOf(Response.class);
	}

	@Test
	void anyBytesDecodeWithoutThrowing() {
		Random random = new Random(16);
		String[] parts = { "{", "}", "[", "]", "\"id\"", "\"result\"", "\"error\"", "\"type\"", ":", ",", "1", "null",
				"\"x\"", "\\", "\u00e9", " " };
		for (int i = 0; i < 20_000; i++) {
			StringBuilder line = new StringBuilder();
			for (int j = random.nextInt(30); j > 0; j--) {
				line.append(parts[random.nextInt(parts.length)]);
			}
			byte[] bytes = bytes(line.toString());
			if (random.nextInt(10) == 0 && bytes.length > 0) {
				bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
			}
			assertThat(this.decoder.decode(bytes)).isNotNull();
		}
	}

	private Response response(String line) {
		ServerMessage message = this.decoder.decode(bytes(line));
		assertThat(message).isInstanceOf(Response.class);
		return (Response) message;
	}

	private Event event(String line) {
		ServerMessage message = this.decoder.decode(bytes(line));
		assertThat(message).isInstanceOf(Event.class);
		return (Event) message;
	}

	private Invalid invalid(String line) {
		ServerMessage message = this.decoder.decode(bytes(line));
		assertThat(message).isInstanceOf(Invalid.class);
		return (Invalid) message;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
