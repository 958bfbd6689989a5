package dev.udsrpc.protocol.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageEncoder} and {@link JsonLineBuilder}.
 */
class MessageEncoderTests {

	private final JsonLineBuilder out = new JsonLineBuilder(0);

	@Test
	void goResultResponse() {
		MessageEncoder.beginResult(this.out, Dialect.GO, RpcId.of(1));
		this.out.appendAscii("{\"pong\":true}");
		MessageEncoder.endResult(this.out);
		assertThat(this.out).hasToString("{\"id\":1,\"result\":{\"pong\":true}}\n");
	}

	@Test
	void goResultResponseWithLargestIdAndNullResult() {
		MessageEncoder.beginResult(this.out, Dialect.GO, RpcId.of(-1L));
		this.out.appendAscii("null");
		MessageEncoder.endResult(this.out);
		assertThat(this.out).hasToString("{\"id\":18446744073709551615,\"result\":null}\n");
	}

	@Test
	void goErrorResponseWithoutData() {
		MessageEncoder.error(this.out, Dialect.GO, RpcId.of(1), ErrorCodes.METHOD_NOT_FOUND, "method not found: Nope",
				null);
		assertThat(this.out)
			.hasToString("{\"id\":1,\"error\":{\"code\":-32601,\"message\":\"method not found: Nope\"}}\n");
	}

	@Test
	void goErrorResponseWithData() {
		byte[] data = "{\"field\":\"x\"}".getBytes(StandardCharsets.UTF_8);
		MessageEncoder.error(this.out, Dialect.GO, RpcId.ZERO, 42, "bad \"x\"", data);
		assertThat(this.out).hasToString(
				"{\"id\":0,\"error\":{\"code\":42,\"message\":\"bad \\\"x\\\"\",\"data\":{\"field\":\"x\"}}}\n");
	}

	@Test
	void completeErrorResponseAsBytes() {
		byte[] bytes = MessageEncoder.error(Dialect.GO, RpcId.NULL, ErrorCodes.PARSE_ERROR, "parse error");
		assertThat(new String(bytes, StandardCharsets.UTF_8))
			.isEqualTo("{\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}\n");
	}

	@Test
	void goRequestWithParams() {
		MessageEncoder.beginRequest(this.out, RpcId.of(-1L), "Echo", true);
		this.out.appendAscii("{\"msg\":\"hi\"}");
		MessageEncoder.endRequest(this.out);
		assertThat(this.out)
			.hasToString("{\"id\":18446744073709551615,\"method\":\"Echo\",\"params\":{\"msg\":\"hi\"}}\n");
	}

	@Test
	void goRequestWithoutParamsAndAMethodNameToEscape() {
		MessageEncoder.beginRequest(this.out, RpcId.of(2), "a\"b\n", false);
		MessageEncoder.endRequest(this.out);
		assertThat(this.out).hasToString("{\"id\":2,\"method\":\"a\\\"b\\n\"}\n");
	}

	@Test
	void goEventWithData() {
		MessageEncoder.beginEvent(this.out, Dialect.GO, "Tick", true);
		this.out.appendAscii("{\"unix\":1748000000}");
		MessageEncoder.endEvent(this.out);
		assertThat(this.out).hasToString("{\"type\":\"Tick\",\"data\":{\"unix\":1748000000}}\n");
	}

	@Test
	void goEventWithoutDataHasNullData() {
		MessageEncoder.beginEvent(this.out, Dialect.GO, "ShuttingDown", false);
		MessageEncoder.endEvent(this.out);
		assertThat(this.out).hasToString("{\"type\":\"ShuttingDown\",\"data\":null}\n");
	}

	@Test
	void jsonRpc2ResultResponse() {
		MessageEncoder.beginResult(this.out, Dialect.JSON_RPC_2, RpcId.ofString("abc"));
		this.out.appendAscii("19");
		MessageEncoder.endResult(this.out);
		assertThat(this.out).hasToString("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":19}\n");
	}

	@Test
	void jsonRpc2ResultResponseEchoesNumberIdText() {
		MessageEncoder.beginResult(this.out, Dialect.JSON_RPC_2, RpcId.ofNumberText("1.50"));
		this.out.appendAscii("null");
		MessageEncoder.endResult(this.out);
		assertThat(this.out).hasToString("{\"jsonrpc\":\"2.0\",\"id\":1.50,\"result\":null}\n");
	}

	@Test
	void jsonRpc2ErrorResponse() {
		MessageEncoder.error(this.out, Dialect.JSON_RPC_2, RpcId.NULL, ErrorCodes.INVALID_REQUEST, "Invalid Request",
				null);
		assertThat(this.out).hasToString(
				"{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"}}\n");
	}

	@Test
	void jsonRpc2ErrorResponseWithData() {
		MessageEncoder.error(this.out, Dialect.JSON_RPC_2, RpcId.of(5), ErrorCodes.INTERNAL_ERROR, "boom",
				"[1,2]".getBytes(StandardCharsets.UTF_8));
		assertThat(this.out).hasToString(
				"{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32603,\"message\":\"boom\",\"data\":[1,2]}}\n");
	}

	@Test
	void jsonRpc2NotificationWithData() {
		MessageEncoder.beginEvent(this.out, Dialect.JSON_RPC_2, "Tick", true);
		this.out.appendAscii("{\"unix\":1}");
		MessageEncoder.endEvent(this.out);
		assertThat(this.out).hasToString("{\"jsonrpc\":\"2.0\",\"method\":\"Tick\",\"params\":{\"unix\":1}}\n");
	}

	@Test
	void jsonRpc2NotificationWithoutDataHasNoParams() {
		MessageEncoder.beginEvent(this.out, Dialect.JSON_RPC_2, "ConfigReloaded", false);
		MessageEncoder.endEvent(this.out);
		assertThat(this.out).hasToString("{\"jsonrpc\":\"2.0\",\"method\":\"ConfigReloaded\"}\n");
	}

	@Test
	void batchJoinsResponsesIntoOneArrayLine() {
		byte[] first = MessageEncoder.error(Dialect.JSON_RPC_2, RpcId.NULL, -32600, "a");
		JsonLineBuilder second = new JsonLineBuilder(16);
		MessageEncoder.beginResult(second, Dialect.JSON_RPC_2, RpcId.ofString("1"));
		second.appendAscii("7");
		MessageEncoder.endResult(second);
		byte[] batch = MessageEncoder.batch(List.of(first, second.toByteArray()));
		assertThat(new String(batch, StandardCharsets.UTF_8))
			.isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"a\"}},"
					+ "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":7}]\n");
	}

	@Test
	void batchOfOneResponse() {
		byte[] batch = MessageEncoder.batch(List.of("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)));
		assertThat(new String(batch, StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1}]\n");
	}

	@Test
	void encodedMessagesDecodeToWhatWasWritten() {
		MessageDecoder decoder = new MessageDecoder();
		MessageEncoder.beginEvent(this.out, Dialect.JSON_RPC_2, "Tick", true);
		this.out.appendAscii("[1]");
		MessageEncoder.endEvent(this.out);
		byte[] bytes = this.out.toByteArray();
		Inbound inbound = decoder.decode(bytes, 0, bytes.length - 1);
		assertThat(inbound).isInstanceOf(Inbound.Request.class);
		assertThat(((Inbound.Request) inbound).notification()).isTrue();
		assertThat(((Inbound.Request) inbound).method()).isEqualTo("Tick");
	}

	@Test
	void appendQuotedEscapesQuotesAndBackslashes() {
		this.out.appendQuoted("say \"hi\" \\o/");
		assertThat(this.out).hasToString("\"say \\\"hi\\\" \\\\o/\"");
	}

	@Test
	void appendQuotedEscapesControlCharacters() {
		this.out.appendQuoted("a\nb\rc\td\be\ff\u0000g\u0001h\u001fi\u007f");
		assertThat(this.out).hasToString("\"a\\nb\\rc\\td\\be\\ff\\u0000g\\u0001h\\u001Fi\u007f\"");
	}

	@Test
	void appendQuotedWritesNonAsciiAsUtf8() {
		this.out.appendQuoted("é€😀\u2028");
		assertThat(this.out.toByteArray()).isEqualTo("\"é€😀\u2028\"".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void appendQuotedEmptyString() {
		this.out.appendQuoted("");
		assertThat(this.out).hasToString("\"\"");
	}

	@Test
	void appendQuotedReplacesUnpairedSurrogatesWithReplacementCharacter() {
		this.out.appendQuoted("a\ud800b\udc00c\ud83d\ude00\ud83d");
		assertThat(this.out).hasToString("\"a\uFFFDb\uFFFDc😀\uFFFD\"");
	}

	@Test
	void errorWithUnpairedSurrogateInMessageIsEncoded() {
		byte[] bytes = MessageEncoder.error(Dialect.GO, RpcId.of(1), ErrorCodes.METHOD_NOT_FOUND,
				"method not found: \ud800");
		assertThat(new String(bytes, StandardCharsets.UTF_8))
			.isEqualTo("{\"id\":1,\"error\":{\"code\":-32601,\"message\":\"method not found: \uFFFD\"}}\n");
	}

	@Test
	void stringIdIsQuotedAndEscaped() {
		assertThat(RpcId.ofString("a\"b").toJson()).isEqualTo("\"a\\\"b\"");
		assertThat(RpcId.ofString("x\udc00").toJson()).isEqualTo("\"x\uFFFD\"");
	}

	@Test
	void builderGrowsAndTruncates() {
		JsonLineBuilder builder = new JsonLineBuilder(1);
		String text = "0123456789".repeat(1000);
		builder.appendAscii(text).appendInt(-42);
		assertThat(builder.length()).isEqualTo(10_002 + 1);
		builder.truncate(10);
		assertThat(builder).hasToString("0123456789");
		builder.close();
		builder.write('!');
		assertThat(builder).hasToString("0123456789!");
	}

}
