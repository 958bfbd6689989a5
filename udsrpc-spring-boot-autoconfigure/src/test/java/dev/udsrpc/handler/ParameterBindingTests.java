package dev.udsrpc.handler;

import java.io.IOException;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcParams;
import dev.udsrpc.protocol.UdsRpcException;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for binding params to handler parameters and invoking a {@link HandlerMethod}.
 */
class ParameterBindingTests {

	private final Handlers handlers = new Handlers();

	private final HandlerRegistry registry;

	ParameterBindingTests() {
		this.registry = new HandlerRegistry(JsonMapper.builder().build(), List.of(new CallerResolver()));
		this.registry.registerAnnotated(this.handlers, "handlers");
	}

	@Test
	void testClassesAreCompiledWithParameterNames() throws Exception {
		assertThat(Handlers.class.getMethod("echo", String.class).getParameters()[0].isNamePresent()).isTrue();
	}

	@Test
	void singleParameterBindsWholeObjectParamsToRecord() throws Exception {
		assertThat(invoke("Point", "{\"x\":1,\"y\":2}")).isEqualTo(new Point(1, 2));
	}

	@Test
	void singleParameterBindsWholeObjectParamsToMap() throws Exception {
		assertThat(invoke("Map", "{\"a\":1,\"b\":[true]}")).isEqualTo(Map.of("a", 1, "b", List.of(true)));
	}

	@Test
	void singleParameterBindsWholeArrayParamsToList() throws Exception {
		assertThat(invoke("Sum", "[1,2,3]")).isEqualTo(6);
	}

	@Test
	void singleListParameterBindsOneElementArrayAsList() throws Exception {
		assertThat(invoke("Sum", "[5]")).isEqualTo(5);
	}

	@Test
	void singleParameterBindsWholeParamsToJsonNode() throws Exception {
		assertThat(invoke("Tree", "{\"a\":[1]}")).isEqualTo("{\"a\":[1]}");
		assertThat(invoke("Tree", "[1,2]")).isEqualTo("[1,2]");
	}

	@Test
	void singleRecordParameterBindsOneElementArray() throws Exception {
		assertThat(invoke("Point", "[{\"x\":3,\"y\":4}]")).isEqualTo(new Point(3, 4));
	}

	@Test
	void singleScalarParameterBindsMemberOfObjectByItsName() throws Exception {
		assertThat(invoke("Echo", "{\"msg\":\"hi\"}")).isEqualTo("hi");
	}

	@Test
	void singleScalarParameterBindsOnlyElementOfArray() throws Exception {
		assertThat(invoke("Echo", "[\"hi\"]")).isEqualTo("hi");
	}

	@Test
	void singleScalarParameterBindsScalarParams() throws Exception {
		assertThat(invoke("Echo", "\"hi\"")).isEqualTo("hi");
		assertThat(invoke("Twice", "21")).isEqualTo(42);
	}

	@Test
	void singleScalarParameterFromObjectWithoutItsMemberIsInvalidParamsNamingIt() {
		assertInvalidParams(() -> invoke("Echo", "{\"other\":\"hi\"}")).contains("'msg'");
	}

	@Test
	void singleRecordParameterWithoutParamsIsInvalidParamsNamingIt() {
		assertInvalidParams(() -> invoke("Point", null)).isEqualTo("invalid params: missing parameter 'point'");
	}

	@Test
	void singleScalarParameterWithoutParamsIsInvalidParamsNamingIt() {
		assertInvalidParams(() -> invoke("Echo", null)).isEqualTo("invalid params: missing parameter 'msg'");
		assertInvalidParams(() -> invoke("Sum", null)).contains("'numbers'");
		assertInvalidParams(() -> invoke("Tree", null)).contains("'node'");
	}

	@Test
	void singleNullableOrNotRequiredParameterWithoutParamsBindsNull() throws Exception {
		assertThat(invoke("MaybeEcho", null)).isEqualTo("null");
		assertThat(invoke("MaybePoint", null)).isEqualTo("none");
	}

	@Test
	void nullForParameterThatIsNeitherOptionalNorNullableIsInvalidParamsNamingIt() {
		assertInvalidParams(() -> invoke("Point", "[null]"))
			.isEqualTo("invalid params: parameter 'point': must not be null");
		assertInvalidParams(() -> invoke("Echo", "{\"msg\":null}")).contains("'msg'");
		assertInvalidParams(() -> invoke("Repeat", "{\"text\":null,\"count\":2}")).contains("'text'");
		assertInvalidParams(() -> invoke("Repeat", "[null,2]")).contains("'text'");
	}

	@Test
	void nullForNullableOrNotRequiredParameterBindsNull() throws Exception {
		assertThat(invoke("Nullable", "{\"a\":\"x\",\"b\":null}")).isEqualTo("x:null");
		assertThat(invoke("Greet", "[\"Ann\",null]")).isEqualTo("Hello Ann");
		assertThat(invoke("MaybeEcho", "[null]")).isEqualTo("null");
	}

	@Test
	void nullForJsonNodeParameterIsTheNullNode() throws Exception {
		assertThat(invoke("Tree", "[null]")).isEqualTo("[null]");
		assertThat(invoke("Trees", "{\"first\":null,\"second\":[]}")).isEqualTo("NULL,ARRAY");
	}

	@Test
	void singlePrimitiveParameterWithoutParamsIsInvalidParams() {
		assertInvalidParams(() -> invoke("Twice", null));
	}

	@Test
	void severalParametersBindByName() throws Exception {
		assertThat(invoke("Repeat", "{\"count\":3,\"text\":\"ab\",\"ignored\":true}")).isEqualTo("ababab");
	}

	@Test
	void severalParametersBindByPosition() throws Exception {
		assertThat(invoke("Repeat", "[\"ab\",2]")).isEqualTo("abab");
	}

	@Test
	void severalParametersBindComplexTypes() throws Exception {
		assertThat(invoke("Move", "{\"point\":{\"x\":1,\"y\":1},\"by\":[2,3]}")).isEqualTo(new Point(3, 4));
		assertThat(invoke("Move", "[{\"x\":1,\"y\":1},[2,3]]")).isEqualTo(new Point(3, 4));
	}

	@Test
	void tooManyPositionalParamsIsInvalidParams() {
		assertInvalidParams(() -> invoke("Repeat", "[\"ab\",2,3]")).contains("positional");
	}

	@Test
	void fewerPositionalParamsThanParametersIsInvalidParamsNamingTheMissingOne() {
		assertInvalidParams(() -> invoke("Repeat", "[\"ab\"]")).contains("'count'");
	}

	@Test
	void annotationRenamesParameter() throws Exception {
		assertThat(invoke("Renamed", "{\"x\":2,\"y\":5}")).isEqualTo(7);
		assertInvalidParams(() -> invoke("Renamed", "{\"first\":2,\"second\":5}")).contains("'x'");
	}

	@Test
	void annotatedSingleParameterBindsByNameNotWholeParams() throws Exception {
		assertThat(invoke("Named", "{\"value\":\"v\"}")).isEqualTo("v");
		assertThat(invoke("Named", "[\"v\"]")).isEqualTo("v");
	}

	@Test
	void missingNotRequiredParameterBindsNull() throws Exception {
		assertThat(invoke("Greet", "{\"name\":\"Ann\"}")).isEqualTo("Hello Ann");
		assertThat(invoke("Greet", "{\"name\":\"Ann\",\"title\":\"Dr\"}")).isEqualTo("Hello Dr Ann");
		assertThat(invoke("Greet", "[\"Ann\"]")).isEqualTo("Hello Ann");
	}

	@Test
	void missingOptionalParameterBindsEmptyOptional() throws Exception {
		assertThat(invoke("Opt", "{\"a\":\"x\"}")).isEqualTo("x:empty");
		assertThat(invoke("Opt", "{\"a\":\"x\",\"b\":7}")).isEqualTo("x:7");
		assertThat(invoke("Opt", "{\"a\":\"x\",\"b\":null}")).isEqualTo("x:empty");
	}

	@Test
	void singleOptionalParameterWithoutParamsBindsEmptyOptional() throws Exception {
		assertThat(invoke("SingleOpt", null)).isEqualTo("empty");
		assertThat(invoke("SingleOpt", "{\"value\":\"v\"}")).isEqualTo("v");
	}

	@Test
	void missingNullableParameterBindsNull() throws Exception {
		assertThat(invoke("Nullable", "{\"a\":\"x\"}")).isEqualTo("x:null");
	}

	@Test
	void missingNotRequiredPrimitiveParameterIsNotPassedAsNull() {
		assertThatExceptionOfType(UdsRpcException.class).isThrownBy(() -> invoke("Limit", "{\"text\":\"abc\"}"))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(ErrorCodes.INVALID_PARAMS))
			.withMessageContaining("'max'");
	}

	@Test
	void missingRequiredParameterIsInvalidParamsNamingIt() {
		assertInvalidParams(() -> invoke("Repeat", "{\"text\":\"ab\"}")).contains("'count'");
	}

	@Test
	void missingParamsForSeveralParametersIsInvalidParamsNamingTheFirst() {
		assertInvalidParams(() -> invoke("Repeat", null)).contains("missing parameter 'text'");
	}

	@Test
	void scalarParamsForSeveralParametersIsInvalidParams() {
		assertInvalidParams(() -> invoke("Repeat", "\"ab\""));
	}

	@Test
	void wrongTypeIsInvalidParamsNamingTheParameter() {
		assertInvalidParams(() -> invoke("Repeat", "{\"text\":\"ab\",\"count\":\"many\"}")).contains("'count'");
		assertInvalidParams(() -> invoke("Repeat", "[[1],2]")).contains("'text'");
		assertInvalidParams(() -> invoke("Point", "{\"x\":\"one\",\"y\":2}")).contains("'point'");
		assertInvalidParams(() -> invoke("Sum", "{\"a\":1}")).contains("'numbers'");
	}

	@Test
	void nullForPrimitiveParameterIsInvalidParamsNamingIt() {
		assertInvalidParams(() -> invoke("Repeat", "{\"text\":\"ab\",\"count\":null}")).contains("'count'");
	}

	@Test
	void paramsAreReadWithinTheRegistrysReadConstraintsNamingTheParameterBeyondThem() {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build(), List.of(),
				StreamReadConstraints.builder().maxStringLength(10).build());
		registry.registerAnnotated(new Handlers(), "handlers");
		String longText = "\"" + "x".repeat(5000) + "\"";
		assertInvalidParams(() -> invoke(registry, "Repeat", "{\"count\":1,\"text\":" + longText + "}"))
			.startsWith("invalid params: parameter 'text': String value length")
			.contains("exceeds the maximum allowed (10,");
		assertInvalidParams(() -> invoke(registry, "Repeat", "[" + longText + ",1]"))
			.startsWith("invalid params: parameter 'text': String value length");
		assertInvalidParams(
				() -> invoke(registry, "Repeat", "{\"text\":\"a\",\"count\":1,\"junk\":[" + longText + "]}"))
			.startsWith("invalid params: member 'junk': String value length");
		assertInvalidParams(() -> invoke(registry, "Repeat", "[\"a\",1," + longText + "]"))
			.startsWith("invalid params: element 2: String value length");
		assertInvalidParams(() -> invoke(registry, "Echo", "{\"msg\":" + longText + "}"))
			.startsWith("invalid params: parameter 'msg': String value length");
		assertInvalidParams(() -> invoke(registry, "Echo", longText))
			.startsWith("invalid params: parameter 'msg': String value length");
		assertInvalidParams(() -> invoke(registry, "Map", "{\"a\":{\"b\":" + longText + "}}"))
			.startsWith("invalid params: parameter 'values': String value length");
	}

	@Test
	void paramsWithinTheRegistrysReadConstraintsAreBound() throws Exception {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build(), List.of(),
				StreamReadConstraints.builder().maxStringLength(10).build());
		registry.registerAnnotated(new Handlers(), "handlers");
		assertThat(invoke(registry, "Repeat", "{\"text\":\"0123456789\",\"count\":2}"))
			.isEqualTo("01234567890123456789");
	}

	@Test
	void readConstraintsApplyToACopyOfTheMapperNotToTheMapperGiven() {
		JsonMapper mapper = JsonMapper.builder().build();
		StreamReadConstraints constraints = StreamReadConstraints.builder().maxStringLength(10).build();
		HandlerRegistry registry = new HandlerRegistry(mapper, List.of(), constraints);
		assertThat(registry.readConstraints()).isSameAs(constraints);
		assertThat(registry.jsonMapper().tokenStreamFactory().streamReadConstraints()).isSameAs(constraints);
		assertThat(mapper.tokenStreamFactory().streamReadConstraints().getMaxStringLength())
			.isEqualTo(StreamReadConstraints.defaults().getMaxStringLength());
		assertThat(new HandlerRegistry(mapper).readConstraints())
			.isSameAs(mapper.tokenStreamFactory().streamReadConstraints());
	}

	@Test
	void invalidParamsMessageIsOneLine() {
		assertInvalidParams(() -> invoke("Point", "{\"x\":\"one\",\"y\":2}")).doesNotContain("\n");
	}

	@Test
	void voidMethodReturnsNull() throws Exception {
		assertThat(invoke("Void", null)).isNull();
		assertThat(this.handlers.voidCalls).isEqualTo(1);
	}

	@Test
	void completionStageIsReturnedAsIs() throws Exception {
		assertThat(invoke("Async", null)).isSameAs(this.handlers.future);
	}

	@Test
	void runtimeExceptionThrownByMethodIsRethrownUnwrapped() {
		assertThatIllegalStateException().isThrownBy(() -> invoke("Fail", "{\"kind\":\"state\"}"))
			.withMessage("boom")
			.withNoCause();
	}

	@Test
	void checkedExceptionThrownByMethodIsRethrownUnwrapped() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> invoke("Fail", "{\"kind\":\"io\"}"))
			.withMessage("disk");
	}

	@Test
	void rpcExceptionThrownByMethodIsRethrownWithItsCodeAndData() {
		assertThatExceptionOfType(UdsRpcException.class).isThrownBy(() -> invoke("Fail", "{\"kind\":\"rpc\"}"))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(42);
				assertThat(ex.getData()).isEqualTo(Map.of("k", "v"));
			})
			.withMessage("custom");
	}

	@Test
	void errorThrownByMethodIsRethrownUnwrapped() {
		assertThatExceptionOfType(StackOverflowError.class).isThrownBy(() -> invoke("Fail", "{\"kind\":\"error\"}"));
	}

	@Test
	void argumentResolverInjectsParameterByType() throws Exception {
		RpcCall call = new RpcCall("Whoami", RpcParams.of("{\"msg\":\"hi\"}"),
				(type) -> (type == Caller.class) ? new Caller("alice") : null);
		assertThat(this.registry.get("Whoami").invoke(call)).isEqualTo("alice:hi");
	}

	@Test
	void resolvedParameterIsNotCountedAsPositionalParam() throws Exception {
		RpcCall call = new RpcCall("Whoami", RpcParams.of("[\"hi\"]"), (type) -> new Caller("bob"));
		assertThat(this.registry.get("Whoami").invoke(call)).isEqualTo("bob:hi");
		RpcCall several = new RpcCall("Tagged", RpcParams.of("[\"a\",\"b\"]"), (type) -> new Caller("carol"));
		assertThat(this.registry.get("Tagged").invoke(several)).isEqualTo("a-carol-b");
	}

	@Test
	void argumentResolverAddedLaterAppliesToHandlersRegisteredAfterIt() throws Exception {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.addArgumentResolver(new CallerResolver());
		registry.addArgumentResolver(new CallerResolver());
		registry.registerAnnotated(new Handlers(), "handlers");
		RpcCall call = new RpcCall("Whoami", RpcParams.of("\"yo\""), (type) -> new Caller("dave"));
		assertThat(registry.get("Whoami").invoke(call)).isEqualTo("dave:yo");
	}

	@Test
	void paramsTreeIsReusedAcrossParameters() throws Exception {
		RpcCall call = new RpcCall("Repeat", RpcParams.of("{\"text\":\"x\",\"count\":2}"), (type) -> null);
		assertThat(this.registry.get("Repeat").invoke(call)).isEqualTo("xx");
		assertThat(call.paramsTree()).isNotNull();
	}

	private @Nullable Object invoke(String method, @Nullable String params) throws Exception {
		return invoke(this.registry, method, params);
	}

	private static @Nullable Object invoke(HandlerRegistry registry, String method, @Nullable String params)
			throws Exception {
		HandlerMethod handler = registry.get(method);
		assertThat(handler).as(method).isNotNull();
		return handler.invoke(new RpcCall(method, (params != null) ? RpcParams.of(params) : null, (type) -> null));
	}

	private static AbstractStringAssert<?> assertInvalidParams(ThrowingCallable callable) {
		UdsRpcException ex = catchThrowableOfType(UdsRpcException.class, callable);
		assertThat(ex).as("UdsRpcException").isNotNull();
		assertThat(ex.getCode()).isEqualTo(ErrorCodes.INVALID_PARAMS);
		return assertThat(ex.getMessage()).startsWith("invalid params");
	}

	record Point(int x, int y) {

	}

	record Caller(String name) {

	}

	static class CallerResolver implements ArgumentResolver {

		@Override
		public boolean supports(Parameter parameter) {
			return parameter.getType() == Caller.class;
		}

		@Override
		public @Nullable Object resolve(Parameter parameter, RpcCall call) {
			return call.context(Caller.class);
		}

	}

	public static class Handlers {

		final CompletableFuture<String> future = new CompletableFuture<>();

		int voidCalls;

		@UdsRpcHandler("Point")
		public Point point(Point point) {
			return point;
		}

		@UdsRpcHandler("Map")
		public Map<String, Object> map(Map<String, Object> values) {
			return values;
		}

		@UdsRpcHandler("Sum")
		public int sum(List<Integer> numbers) {
			return numbers.stream().mapToInt(Integer::intValue).sum();
		}

		@UdsRpcHandler("Tree")
		public String tree(JsonNode node) {
			return node.toString();
		}

		@UdsRpcHandler("Echo")
		public String echo(String msg) {
			return String.valueOf(msg);
		}

		@UdsRpcHandler("MaybeEcho")
		public String maybeEcho(@Nullable String msg) {
			return String.valueOf(msg);
		}

		@UdsRpcHandler("MaybePoint")
		public String maybePoint(@UdsRpcParam(value = "point", required = false) Point point) {
			return (point != null) ? point.toString() : "none";
		}

		@UdsRpcHandler("Trees")
		public String trees(JsonNode first, JsonNode second) {
			return first.getNodeType() + "," + second.getNodeType();
		}

		@UdsRpcHandler("Twice")
		public int twice(int value) {
			return value * 2;
		}

		@UdsRpcHandler("Repeat")
		public String repeat(String text, int count) {
			return text.repeat(count);
		}

		@UdsRpcHandler("Move")
		public Point move(Point point, int[] by) {
			return new Point(point.x() + by[0], point.y() + by[1]);
		}

		@UdsRpcHandler("Renamed")
		public int renamed(@UdsRpcParam("x") int first, @UdsRpcParam("y") int second) {
			return first + second;
		}

		@UdsRpcHandler("Named")
		public String named(@UdsRpcParam("value") String text) {
			return text;
		}

		@UdsRpcHandler("Greet")
		public String greet(String name, @UdsRpcParam(value = "title", required = false) String title) {
			return "Hello " + ((title != null) ? title + " " : "") + name;
		}

		@UdsRpcHandler("Opt")
		public String opt(String a, Optional<Integer> b) {
			return a + ":" + b.map(String::valueOf).orElse("empty");
		}

		@UdsRpcHandler("SingleOpt")
		public String singleOpt(Optional<String> value) {
			return value.orElse("empty");
		}

		@UdsRpcHandler("Nullable")
		public String nullable(String a, @Nullable String b) {
			return a + ":" + b;
		}

		@UdsRpcHandler("Limit")
		public String limit(String text, @UdsRpcParam(value = "max", required = false) int max) {
			return text.substring(0, Math.min(text.length(), max));
		}

		@UdsRpcHandler("Void")
		public void doNothing() {
			this.voidCalls++;
		}

		@UdsRpcHandler("Async")
		public CompletionStage<String> async() {
			return this.future;
		}

		@UdsRpcHandler("Fail")
		public String fail(String kind) throws IOException {
			switch (kind) {
				case "state" -> throw new IllegalStateException("boom");
				case "io" -> throw new IOException("disk");
				case "rpc" -> throw new UdsRpcException(42, "custom", Map.of("k", "v"));
				default -> throw new StackOverflowError();
			}
		}

		@UdsRpcHandler("Whoami")
		public String whoami(Caller caller, String msg) {
			return caller.name() + ":" + msg;
		}

		@UdsRpcHandler("Tagged")
		public String tagged(String before, Caller caller, String after) {
			return before + "-" + caller.name() + "-" + after;
		}

	}

}
