package dev.udsrpc.protocol.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.RpcParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.StreamReadConstraints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageDecoder}.
 */
class MessageDecoderTests {

	private final MessageDecoder decoder = new MessageDecoder();

	@ParameterizedTest
	@ValueSource(strings = { "0", "1", "2", "4294967296", "9223372036854775807", "9223372036854775808",
			"18446744073709551615" })
	void goRequestWithUnsigned64BitIdIsAcceptedAndIdIsEchoedAsText(String id) {
		Inbound.Request request = request("{\"id\":" + id + ",\"method\":\"Ping\",\"params\":{}}");
		assertThat(request.dialect()).isEqualTo(Dialect.GO);
		assertThat(request.id().toJson()).isEqualTo(id);
		assertThat(request.method()).isEqualTo("Ping");
		assertThat(request.notification()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "18446744073709551616", "99999999999999999999999", "-1", "-0", "-9223372036854775808",
			"1.5", "1.0", "1e3", "\"1\"", "true", "{}", "[1]" })
	void goRequestWithIdThatIsNotUnsigned64BitIntegerIsInvalidWithNullId(String id) {
		Inbound.Invalid invalid = invalid("{\"id\":" + id + ",\"method\":\"Ping\"}");
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
		assertThat(invalid.dialect()).isEqualTo(Dialect.GO);
		assertThat(invalid.message()).startsWith("invalid request:");
	}

	@Test
	void goRequestWithoutIdIsAnsweredWithIdZero() {
		Inbound.Request request = request("{\"method\":\"Ping\"}");
		assertThat(request.id()).isEqualTo(RpcId.ZERO);
		assertThat(request.id().toJson()).isEqualTo("0");
		assertThat(request.notification()).isFalse();
	}

	@Test
	void goRequestWithNullIdIsAnsweredWithIdZero() {
		assertThat(request("{\"id\":null,\"method\":\"Ping\"}").id()).isEqualTo(RpcId.ZERO);
	}

	@Test
	void goRequestWithoutParamsHasNullParams() {
		assertThat(request("{\"id\":1,\"method\":\"Ping\"}").params()).isNull();
	}

	@Test
	void goRequestWithNullParamsHasNullParams() {
		assertThat(request("{\"id\":1,\"method\":\"Ping\",\"params\":null}").params()).isNull();
	}

	@Test
	void goRequestWithObjectParamsHasObjectParams() {
		RpcParams params = params("{\"id\":1,\"method\":\"Echo\",\"params\":{\"msg\":\"hi\"}}");
		assertThat(params.kind()).isEqualTo(RpcParams.Kind.OBJECT);
		assertThat(params.isObject()).isTrue();
		assertThat(params.isArray()).isFalse();
		assertThat(params.toJson()).isEqualTo("{\"msg\":\"hi\"}");
	}

	@Test
	void goRequestWithArrayParamsHasArrayParams() {
		RpcParams params = params("{\"id\":1,\"method\":\"Echo\",\"params\":[1,\"two\",null]}");
		assertThat(params.kind()).isEqualTo(RpcParams.Kind.ARRAY);
		assertThat(params.isArray()).isTrue();
		assertThat(params.toJson()).isEqualTo("[1,\"two\",null]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"hi\"", "\"a\\u0041\\n\\\"\"", "\"\\\\\"", "\"\"", "\"é😀\"", "12", "-1.5e3", "true",
			"false", "18446744073709551616" })
	void goRequestWithScalarParamsHasValueParamsWithItsExactText(String value) {
		RpcParams params = params("{\"id\":1,\"method\":\"Echo\",\"params\":" + value + "}");
		assertThat(params.kind()).isEqualTo(RpcParams.Kind.VALUE);
		assertThat(params.toJson()).isEqualTo(value);
	}

	@Test
	void stringParamsLongerThanTheMaximumStringLengthAreLeftForTheBindingToRefuse() {
		MessageDecoder decoder = new MessageDecoder(StreamReadConstraints.builder().maxStringLength(10).build());
		String text = "\"" + "x".repeat(100) + "\"";
		for (String params : new String[] { text, "{\"a\":" + text + "}", "[" + text + "]" }) {
			Inbound inbound = decoder
				.decode(("{\"params\":" + params + ",\"id\":1,\"method\":\"m\"}").getBytes(StandardCharsets.UTF_8));
			assertThat(inbound).isInstanceOf(Inbound.Request.class);
			assertThat(((Inbound.Request) inbound).params().toJson()).isEqualTo(params);
		}
		Inbound method = decoder.decode(("{\"id\":1,\"method\":" + text + "}").getBytes(StandardCharsets.UTF_8));
		assertThat(((Inbound.Invalid) method).code()).isEqualTo(ErrorCodes.PARSE_ERROR);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":1,\"method\":\"m\",\"params\":\"abc",
			"{\"id\":1,\"method\":\"m\",\"params\":\"abc\\\"}", "{\"id\":1,\"method\":\"m\",\"params\":\"a\\qb\"}",
			"{\"id\":1,\"method\":\"m\",\"params\":\"a\u0001b\"}" })
	void malformedStringParamsIsParseError(String line) {
		assertThat(invalid(line).code()).isEqualTo(ErrorCodes.PARSE_ERROR);
	}

	@Test
	void stringParamsOfLineDecodedFromTheMiddleOfABufferEndAtTheirClosingQuote() {
		String line = "{\"id\":1,\"method\":\"Echo\",\"params\":\"a\\\"b\"}";
		byte[] buffer = ("x\n" + line + "\n\"more\"").getBytes(StandardCharsets.UTF_8);
		Inbound inbound = this.decoder.decode(buffer, 2, line.length());
		assertThat(((Inbound.Request) inbound).params().toJson()).isEqualTo("\"a\\\"b\"");
	}

	@Test
	void scalarParamsFollowedByWhitespaceAndMoreMembersExcludeTheWhitespace() {
		RpcParams params = params("{\"params\": 42 , \"id\":1,\"method\":\"Echo\"}");
		assertThat(params.toJson()).isEqualTo("42");
	}

	@Test
	void paramsAreExactSliceOfTheLineIncludingNestedContentAndUnicodeEscapes() {
		String value = "{ \"a\" : [1, {\"b\": \"\\u00e9\\ud83d\\ude00 é 😀\"}, [[[]]], {}],\n\t\"c\":\"}]\\\"\" }";
		String line = "{\"id\":7,\"params\":" + value + ",\"method\":\"Deep\",\"extra\":{\"x\":[1]}}";
		RpcParams params = params(line);
		assertThat(params.toJson()).isEqualTo(value);
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		assertThat(new String(params.buffer(), params.offset(), params.length(), StandardCharsets.UTF_8))
			.isEqualTo(value);
		assertThat(params.length()).isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
		assertThat(bytes).hasSizeGreaterThan(params.length());
	}

	@Test
	void paramsOfLineDecodedFromTheMiddleOfABufferAreSliceOfThatBuffer() {
		String prefix = "garbage\n";
		String line = "{\"id\":1,\"method\":\"Echo\",\"params\":{\"msg\":\"hi\"}}";
		byte[] buffer = (prefix + line + "\ntrailing").getBytes(StandardCharsets.UTF_8);
		Inbound inbound = this.decoder.decode(buffer, prefix.length(), line.length());
		assertThat(inbound).isInstanceOf(Inbound.Request.class);
		RpcParams params = ((Inbound.Request) inbound).params();
		assertThat(params).isNotNull();
		assertThat(params.toJson()).isEqualTo("{\"msg\":\"hi\"}");
	}

	@Test
	void goEventIsIgnored() {
		assertThat(decode("{\"type\":\"X\"}")).isInstanceOf(Inbound.Ignored.class);
		assertThat(decode("{\"type\":\"Tick\",\"data\":{\"unix\":1748000000}}")).isInstanceOf(Inbound.Ignored.class);
	}

	@Test
	void batchOfOnlyResponsesAndEventsIsIgnored() {
		assertThat(decode("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":2},{\"type\":\"Tick\"}]"))
			.isInstanceOf(Inbound.Ignored.class);
	}

	@Test
	void goResponseIsIgnored() {
		assertThat(decode("{\"id\":1,\"result\":{\"pong\":true}}")).isInstanceOf(Inbound.Ignored.class);
		assertThat(decode("{\"id\":1,\"result\":null}")).isInstanceOf(Inbound.Ignored.class);
		assertThat(decode("{\"id\":1,\"error\":{\"code\":-32601,\"message\":\"method not found: Nope\"}}"))
			.isInstanceOf(Inbound.Ignored.class);
	}

	@Test
	void emptyObjectIsInvalidRequest() {
		Inbound.Invalid invalid = invalid("{}");
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.message()).isEqualTo("invalid request: missing method");
	}

	@Test
	void objectWithIdOnlyIsInvalidRequestAnsweredWithThatId() {
		Inbound.Invalid invalid = invalid("{\"id\":1}");
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id().toJson()).isEqualTo("1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\"", "1", "null", "{}", "[\"Ping\"]" })
	void goRequestWithMethodThatIsNotNonEmptyStringIsInvalid(String method) {
		Inbound.Invalid invalid = invalid("{\"id\":3,\"method\":" + method + "}");
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id().toJson()).isEqualTo("3");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "\"text\"", "true", "null" })
	void jsonValueThatIsNotObjectOrArrayIsInvalidRequest(String json) {
		Inbound.Invalid invalid = invalid(json);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t", "  \t  ", "\r" })
	void blankLineIsIgnored(String line) {
		assertThat(decode(line)).isInstanceOf(Inbound.Ignored.class);
	}

	@Test
	void jsonRpc2RequestWithoutIdIsNotification() {
		Inbound.Request request = request("{\"jsonrpc\":\"2.0\",\"method\":\"update\",\"params\":[1,2,3,4,5]}");
		assertThat(request.dialect()).isEqualTo(Dialect.JSON_RPC_2);
		assertThat(request.notification()).isTrue();
		assertThat(request.params().toJson()).isEqualTo("[1,2,3,4,5]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "0", "-7", "1.5", "1e400", "18446744073709551616", "\"abc\"", "\"\"",
			"\"a\\\"b\\\\c\"", "\"é😀\"", "null" })
	void jsonRpc2RequestIdIsEchoedVerbatim(String id) {
		Inbound.Request request = request(
				"{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":" + id + "}");
		assertThat(request.dialect()).isEqualTo(Dialect.JSON_RPC_2);
		assertThat(request.id().toJson()).isEqualTo(id);
		assertThat(request.notification()).isFalse();
	}

	@Test
	void jsonRpc2RequestWithNullIdIsNotNotification() {
		Inbound.Request request = request("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":null}");
		assertThat(request.id().isNull()).isTrue();
		assertThat(request.notification()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "{}", "[1]" })
	void jsonRpc2RequestWithIdThatIsNotStringNumberOrNullIsInvalid(String id) {
		Inbound.Invalid invalid = invalid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":" + id + "}");
		assertThat(invalid.dialect()).isEqualTo(Dialect.JSON_RPC_2);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"1.0\"", "\"2\"", "2.0", "null", "\"\"" })
	void jsonRpcVersionOtherThan20IsInvalid(String version) {
		Inbound.Invalid invalid = invalid("{\"jsonrpc\":" + version + ",\"method\":\"m\",\"id\":1}");
		assertThat(invalid.dialect()).isEqualTo(Dialect.JSON_RPC_2);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "null", "true", "{}", "[]" })
	void jsonRpc2RequestWithMethodThatIsNotStringIsInvalid(String method) {
		Inbound.Invalid invalid = invalid("{\"jsonrpc\":\"2.0\",\"method\":" + method + ",\"id\":1}");
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
	}

	@Test
	void jsonRpc2RequestWithoutMethodIsInvalid() {
		Inbound.Invalid invalid = invalid("{\"jsonrpc\":\"2.0\",\"id\":1}");
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.message()).isEqualTo("invalid request: missing method");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "\"bar\"", "true" })
	void jsonRpc2RequestWithScalarParamsIsInvalid(String params) {
		Inbound.Invalid invalid = invalid(
				"{\"jsonrpc\":\"2.0\",\"method\":\"foobar\",\"params\":" + params + ",\"id\":1}");
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
	}

	@Test
	void jsonRpc2RequestWithNullParamsHasNullParams() {
		assertThat(request("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":null,\"id\":1}").params()).isNull();
	}

	@Test
	void jsonRpc2ResponseIsIgnored() {
		assertThat(decode("{\"jsonrpc\":\"2.0\",\"result\":19,\"id\":1}")).isInstanceOf(Inbound.Ignored.class);
		assertThat(decode("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"x\"},\"id\":null}"))
			.isInstanceOf(Inbound.Ignored.class);
	}

	@Test
	void emptyBatchIsSingleInvalidRequest() {
		Inbound.Invalid invalid = invalid("[]");
		assertThat(invalid.dialect()).isEqualTo(Dialect.JSON_RPC_2);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
	}

	@Test
	void batchOfScalarsHasOneInvalidEntryPerScalar() {
		List<Inbound> entries = batch("[1,2,3]").entries();
		assertThat(entries).hasSize(3).allSatisfy((entry) -> {
			assertThat(entry).isInstanceOf(Inbound.Invalid.class);
			Inbound.Invalid invalid = (Inbound.Invalid) entry;
			assertThat(invalid.dialect()).isEqualTo(Dialect.JSON_RPC_2);
			assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
			assertThat(invalid.id()).isEqualTo(RpcId.NULL);
		});
	}

	@Test
	void batchLongerThanTheMaximumIsOneInvalidRequest() {
		MessageDecoder decoder = new MessageDecoder(StreamReadConstraints.defaults(), 3);
		assertThat(((Inbound.Batch) decoder.decode("[1,2,3]".getBytes(StandardCharsets.UTF_8))).entries()).hasSize(3);
		Inbound.Invalid invalid = (Inbound.Invalid) decoder
			.decode("[1,{\"a\":[2]},3,[4,[5]],{}]".getBytes(StandardCharsets.UTF_8));
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
		assertThat(invalid.message()).isEqualTo("invalid request: a batch must have at most 3 entries");
	}

	@Test
	void millionEntryBatchIsOneInvalidRequestWithTheDefaultMaximum() {
		String line = "[" + "1,".repeat(1_000_000) + "1]";
		Inbound inbound = this.decoder.decode(line.getBytes(StandardCharsets.UTF_8));
		assertThat(inbound).isInstanceOf(Inbound.Invalid.class);
		assertThat(((Inbound.Invalid) inbound).code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
	}

	@Test
	void batchLongerThanTheMaximumThatIsTruncatedIsParseError() {
		MessageDecoder decoder = new MessageDecoder(StreamReadConstraints.defaults(), 1);
		Inbound inbound = decoder.decode("[1,2,3".getBytes(StandardCharsets.UTF_8));
		assertThat(((Inbound.Invalid) inbound).code()).isEqualTo(ErrorCodes.PARSE_ERROR);
	}

	@Test
	void batchOfNestedArraysHasOneInvalidEntryPerArray() {
		assertThat(batch("[[1,[2]],[]]").entries()).hasSize(2).allMatch(Inbound.Invalid.class::isInstance);
	}

	@Test
	void batchWithMixedEntriesKeepsTheirOrder() {
		String json = "[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,4],\"id\":\"1\"},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[7]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":\"2\"},"
				+ "{\"foo\":\"boo\"},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"foo.get\",\"params\":{\"name\":\"myself\"},\"id\":\"5\"},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"get_data\",\"id\":\"9\"}, 5 ]";
		List<Inbound> entries = batch(json).entries();
		assertThat(entries).hasSize(7);
		assertThat(((Inbound.Request) entries.get(0)).id().toJson()).isEqualTo("\"1\"");
		assertThat(((Inbound.Request) entries.get(0)).params().toJson()).isEqualTo("[1,2,4]");
		assertThat(((Inbound.Request) entries.get(1)).notification()).isTrue();
		assertThat(((Inbound.Request) entries.get(2)).method()).isEqualTo("subtract");
		Inbound.Invalid invalid = (Inbound.Invalid) entries.get(3);
		assertThat(invalid.dialect()).isEqualTo(Dialect.JSON_RPC_2);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(((Inbound.Request) entries.get(4)).params().toJson()).isEqualTo("{\"name\":\"myself\"}");
		assertThat(((Inbound.Request) entries.get(5)).params()).isNull();
		assertThat(entries.get(6)).isInstanceOf(Inbound.Invalid.class);
	}

	@Test
	void batchEntryWithInvalidGoIdIsAnsweredAsJsonRpc2WithNullId() {
		Inbound.Invalid invalid = (Inbound.Invalid) batch("[{\"id\":-1,\"method\":\"m\"}]").entries().get(0);
		assertThat(invalid.dialect()).isEqualTo(Dialect.JSON_RPC_2);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
	}

	@Test
	void batchEntriesThatAreResponsesOrEventsAreDropped() {
		String json = "[{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1},{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":2},"
				+ "{\"id\":3,\"result\":null},{\"type\":\"Tick\"}]";
		List<Inbound> entries = batch(json).entries();
		assertThat(entries).singleElement().isInstanceOf(Inbound.Request.class);
		assertThat(((Inbound.Request) entries.get(0)).id().toJson()).isEqualTo("2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":1,\"id\":2,\"method\":\"Ping\"}",
			"{\"id\":1,\"method\":\"Ping\",\"method\":\"Nope\"}",
			"{\"id\":1,\"method\":\"Echo\",\"params\":1,\"params\":2}", "{\"method\":\"Ping\",\"x\":1,\"x\":{}}",
			"{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\",\"method\":\"Ping\",\"id\":1}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"Ping\",\"id\":null,\"id\":1}", "{\"type\":\"Tick\",\"type\":\"Tock\"}",
			"{\"id\":1,\"result\":1,\"result\":2}", "{\"method\":\"Ping\",\"a\":1,\"b\":2,\"c\":3,\"b\":4}",
			"{\"me\\u0074hod\":\"Ping\",\"method\":\"Nope\"}" })
	void duplicateMemberNameIsInvalidRequestWithNullId(String line) {
		Inbound.Invalid invalid = invalid(line);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
		assertThat(invalid.message()).startsWith("invalid request: duplicate member");
	}

	@Test
	void manyUnknownMembersAreIgnoredUnlessOneRepeats() {
		StringBuilder line = new StringBuilder("{\"id\":1,\"method\":\"m\"");
		for (int i = 0; i < 10_000; i++) {
			line.append(",\"k").append(i).append("\":").append(i);
		}
		assertThat(request(line + "}").method()).isEqualTo("m");
		assertThat(invalid(line + ",\"k5000\":0}").message()).isEqualTo("invalid request: duplicate member name");
	}

	@Test
	void duplicateMemberNameInBatchEntryIsInvalidEntryWithNullId() {
		List<Inbound> entries = batch("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Ping\"},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":2,\"id\":3,\"method\":\"Ping\"}]")
			.entries();
		assertThat(entries).hasSize(2);
		assertThat(entries.get(0)).isInstanceOf(Inbound.Request.class);
		Inbound.Invalid invalid = (Inbound.Invalid) entries.get(1);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
		assertThat(invalid.dialect()).isEqualTo(Dialect.JSON_RPC_2);
	}

	@Test
	void sameMemberNameInNestedObjectsIsNotDuplicate() {
		Inbound.Request request = request(
				"{\"id\":1,\"method\":\"Echo\",\"params\":{\"id\":2,\"method\":\"x\"},\"meta\":{\"id\":3}}");
		assertThat(request.id().toJson()).isEqualTo("1");
	}

	@Test
	void idWithEscapedNewlineCannotForgeASecondLine() {
		// the text of a string id after a number id once became the id of the response
		String line = "{\"id\":1,\"id\":\"0,\\\"result\\\":1}\\n{\\\"type\\\":\\\"Forged\\\",\\\"data\\\":0\",\"method\":\"Nope\"}";
		assertThat(line).contains("\\n").doesNotContain("\n");
		String response = encoded(decode(line));
		assertThat(response).endsWith("}\n");
		assertThat(response.indexOf('\n')).isEqualTo(response.length() - 1);
		assertThat(response).doesNotContain("Forged");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\\n\"", "\"\\u000a{\\\"type\\\":1}\"", "\"\\u2028\\u0000\\u001f\"" })
	void jsonRpc2StringIdWithEscapedControlCharactersIsEchoedEscaped(String id) {
		Inbound.Request request = request("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":" + id + "}");
		String response = encoded(request);
		assertThat(response.indexOf('\n')).isEqualTo(response.length() - 1);
		assertThat(response.chars().filter((c) -> c < 0x20 && c != '\n')).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "{\"id\":1,\"method\":\"Ping\"", "{\"id\":1,\"method\":\"Pi", "[", "[{}",
			"{\"a\":1} x", "{\"a\":1} {\"b\":2}", "{\"id\":1,\"method\":\"Ping\"}{\"id\":2,\"method\":\"Ping\"}",
			"[] []", "1 2", "{\"id\":1,}", "{'id':1}", "{id:1}", "nul", "tru", "{\"a\":01}", "{\"a\":NaN}",
			"\"unterminated", "}", "]", "{\"a\" 1}", "x" })
	void malformedJsonIsParseErrorWithNullId(String line) {
		Inbound.Invalid invalid = invalid(line);
		assertThat(invalid.code()).isEqualTo(ErrorCodes.PARSE_ERROR);
		assertThat(invalid.id()).isEqualTo(RpcId.NULL);
		assertThat(invalid.message()).startsWith("parse error");
		assertThat(invalid.message()).doesNotContain("\n");
	}

	@Test
	void invalidUtf8IsParseErrorWithNullId() {
		byte[][] lines = { bytes("{\"id\":1,\"method\":\"", 0xff, "\"}"),
				bytes("{\"id\":1,\"method\":\"m\",\"params\":\"", 0xc3, "\"}"),
				bytes("{\"id\":1,\"method\":\"m\",\"x\":\"", 0xe2, 0x28, 0xa1, "\"}"),
				bytes("{\"id\":1,\"method\":\"m\"}", 0x80), bytes("", 0xfe, 0xff) };
		for (byte[] line : lines) {
			Inbound inbound = this.decoder.decode(line);
			assertThat(inbound).isInstanceOf(Inbound.Invalid.class);
			assertThat(((Inbound.Invalid) inbound).code()).isEqualTo(ErrorCodes.PARSE_ERROR);
			assertThat(((Inbound.Invalid) inbound).id()).isEqualTo(RpcId.NULL);
		}
	}

	@Test
	void nestingDeeperThanConfiguredMaximumIsParseError() {
		MessageDecoder decoder = new MessageDecoder(StreamReadConstraints.builder().maxNestingDepth(10).build());
		String withinLimit = "{\"id\":1,\"method\":\"m\",\"params\":" + nested(8) + "}";
		assertThat(decoder.decode(withinLimit.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Inbound.Request.class);
		String[] tooDeep = { "{\"id\":1,\"method\":\"m\",\"params\":" + nested(10) + "}",
				"{\"id\":1,\"method\":\"m\",\"other\":" + nested(10) + "}", "[" + nested(10) + "]", nested(11),
				"[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":" + nested(9) + "}]" };
		for (String line : tooDeep) {
			Inbound inbound = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
			assertThat(inbound).isInstanceOf(Inbound.Invalid.class);
			assertThat(((Inbound.Invalid) inbound).code()).isEqualTo(ErrorCodes.PARSE_ERROR);
		}
	}

	@Test
	void veryDeepNestingWithDefaultConstraintsIsParseError() {
		String line = "[".repeat(200_000) + "]".repeat(200_000);
		Inbound inbound = this.decoder.decode(line.getBytes(StandardCharsets.UTF_8));
		assertThat(inbound).isInstanceOf(Inbound.Invalid.class);
		assertThat(((Inbound.Invalid) inbound).code()).isEqualTo(ErrorCodes.PARSE_ERROR);
	}

	@Test
	void numberLongerThanConfiguredMaximumIsParseError() {
		MessageDecoder decoder = new MessageDecoder(StreamReadConstraints.builder().maxNumberLength(20).build());
		String id = "1".repeat(25);
		Inbound inbound = decoder.decode(("{\"id\":" + id + ",\"method\":\"m\"}").getBytes(StandardCharsets.UTF_8));
		assertThat(inbound).isInstanceOf(Inbound.Invalid.class);
		assertThat(((Inbound.Invalid) inbound).code()).isEqualTo(ErrorCodes.PARSE_ERROR);
	}

	@Test
	void jsonRpc2StringIdWithUnpairedSurrogateEscapeDoesNotThrow() {
		Inbound inbound = decode("{\"jsonrpc\":\"2.0\",\"id\":\"a\\ud800\",\"method\":\"m\"}");
		assertThat(inbound).isInstanceOf(Inbound.Request.class);
		assertThat(((Inbound.Request) inbound).id().toJson()).isEqualTo("\"a\uFFFD\"");
	}

	@Test
	void decodeNeverThrowsForRandomBytes() {
		Random random = new Random(20240601L);
		for (int i = 0; i < 20_000; i++) {
			byte[] line = new byte[random.nextInt(64)];
			random.nextBytes(line);
			assertThat(this.decoder.decode(line)).isNotNull();
		}
	}

	@Test
	void decodeNeverThrowsForRandomJsonLikeText() {
		String[] fragments = { "{", "}", "[", "]", ",", ":", "\"", "\\", "\"id\"", "\"method\"", "\"params\"",
				"\"jsonrpc\"", "\"2.0\"", "\"type\"", "\"result\"", "\"error\"", "\"data\"", "0", "1", "-1", "1.5",
				"1e999", "18446744073709551616", "99999999999999999999999999999", "null", "true", "false", "\"x\"",
				"\"\\u\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\u00e9\"", " ", "\t", "é", "😀", "\u0000", "\r" };
		Random random = new Random(42L);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder line = new StringBuilder();
			int count = random.nextInt(24);
			for (int j = 0; j < count; j++) {
				line.append(fragments[random.nextInt(fragments.length)]);
			}
			byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
			try {
				this.decoder.decode(bytes);
			}
			catch (RuntimeException ex) {
				throw new AssertionError("decode threw for " + line, ex);
			}
		}
	}

	private static String encoded(Inbound inbound) {
		if (inbound instanceof Inbound.Request request) {
			return new String(MessageEncoder.error(request.dialect(), request.id(), ErrorCodes.METHOD_NOT_FOUND,
					"method not found: " + request.method()), StandardCharsets.UTF_8);
		}
		Inbound.Invalid invalid = (Inbound.Invalid) inbound;
		return new String(MessageEncoder.error(invalid.dialect(), invalid.id(), invalid.code(), invalid.message()),
				StandardCharsets.UTF_8);
	}

	private Inbound decode(String line) {
		return this.decoder.decode(line.getBytes(StandardCharsets.UTF_8));
	}

	private Inbound.Request request(String line) {
		Inbound inbound = decode(line);
		assertThat(inbound).isInstanceOf(Inbound.Request.class);
		return (Inbound.Request) inbound;
	}

	private RpcParams params(String line) {
		RpcParams params = request(line).params();
		assertThat(params).isNotNull();
		return params;
	}

	private Inbound.Invalid invalid(String line) {
		Inbound inbound = decode(line);
		assertThat(inbound).isInstanceOf(Inbound.Invalid.class);
		return (Inbound.Invalid) inbound;
	}

	private Inbound.Batch batch(String line) {
		Inbound inbound = decode(line);
		assertThat(inbound).isInstanceOf(Inbound.Batch.class);
		return (Inbound.Batch) inbound;
	}

	private static String nested(int depth) {
		return "[".repeat(depth) + "]".repeat(depth);
	}

	private static byte[] bytes(Object... parts) {
		JsonLineBuilder out = new JsonLineBuilder(64);
		for (Object part : parts) {
			if (part instanceof String text) {
				out.append(text.getBytes(StandardCharsets.UTF_8));
			}
			else {
				out.write((Integer) part);
			}
		}
		return out.toByteArray();
	}

}
