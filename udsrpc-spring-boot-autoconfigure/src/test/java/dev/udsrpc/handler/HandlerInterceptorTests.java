package dev.udsrpc.handler;

import java.util.ArrayList;
import java.util.List;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcParams;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HandlerInterceptor}.
 */
class HandlerInterceptorTests {

	private final HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());

	private final Handlers handlers = new Handlers();

	@Test
	void interceptorsWrapTheInvocationInTheOrderTheyWereAdded() throws Exception {
		List<String> seen = new ArrayList<>();
		this.registry.addInterceptor((invocation) -> {
			seen.add("first before");
			Object result = invocation.proceed();
			seen.add("first after " + result);
			return result;
		});
		this.registry.addInterceptor((invocation) -> {
			seen.add("second before " + invocation.arguments());
			return invocation.proceed();
		});
		this.registry.registerAnnotated(this.handlers, "handlers");
		Object result = this.registry.get("Greet").invoke(call("Greet", "{\"name\":\"Ann\",\"times\":2}"));
		assertThat(result).isEqualTo("Hello Ann Ann");
		assertThat(seen).containsExactly("first before", "second before [Ann, 2, null]", "first after Hello Ann Ann");
	}

	@Test
	void anInterceptorSeesTheHandlerTheCallAndTheParamsNameOfEveryParameter() throws Exception {
		List<HandlerInvocation> invocations = new ArrayList<>();
		this.registry.addInterceptor((invocation) -> {
			invocations.add(invocation);
			return invocation.proceed();
		});
		this.registry.addArgumentResolver(new ContextResolver());
		this.registry.registerAnnotated(this.handlers, "handlers");
		this.registry.get("Greet").invoke(call("Greet", "{\"name\":\"Ann\",\"times\":1}"));
		this.registry.get("Whole").invoke(call("Whole", "{\"name\":\"Ann\",\"times\":1}"));
		HandlerInvocation greet = invocations.get(0);
		assertThat(greet.handler().name()).isEqualTo("Greet");
		assertThat(greet.call().method()).isEqualTo("Greet");
		assertThat(greet.handler().paramsName(0)).isEqualTo("name");
		assertThat(greet.handler().paramsName(1)).isEqualTo("times");
		assertThat(greet.handler().paramsName(2)).isNull();
		assertThat(greet.handler().bindsWholeParams(0)).isFalse();
		HandlerInvocation whole = invocations.get(1);
		assertThat(whole.handler().paramsName(0)).isEqualTo("request");
		assertThat(whole.handler().bindsWholeParams(0)).isTrue();
	}

	@Test
	void anInterceptorCanAnswerWithoutRunningTheHandler() throws Exception {
		this.registry.addInterceptor((invocation) -> {
			throw new UdsRpcException(ErrorCodes.INVALID_PARAMS, "invalid params: no");
		});
		this.registry.registerAnnotated(this.handlers, "handlers");
		assertThatExceptionOfType(UdsRpcException.class)
			.isThrownBy(() -> this.registry.get("Greet").invoke(call("Greet", "{\"name\":\"Ann\",\"times\":1}")))
			.withMessage("invalid params: no");
		assertThat(this.handlers.calls).isZero();
	}

	@Test
	void whatTheHandlerThrowsReachesTheInterceptorUnwrapped() throws Exception {
		List<Throwable> seen = new ArrayList<>();
		this.registry.addInterceptor((invocation) -> {
			try {
				return invocation.proceed();
			}
			catch (IllegalStateException ex) {
				seen.add(ex);
				throw ex;
			}
		});
		this.registry.registerAnnotated(this.handlers, "handlers");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.registry.get("Fail").invoke(call("Fail", null)))
			.withMessage("boom");
		assertThat(seen).singleElement().isInstanceOf(IllegalStateException.class);
	}

	@Test
	void paramsThatCannotBeBoundAreRefusedBeforeAnyInterceptorRuns() {
		List<HandlerInvocation> invocations = new ArrayList<>();
		this.registry.addInterceptor((invocation) -> {
			invocations.add(invocation);
			return invocation.proceed();
		});
		this.registry.registerAnnotated(this.handlers, "handlers");
		assertThatExceptionOfType(UdsRpcException.class)
			.isThrownBy(() -> this.registry.get("Greet").invoke(call("Greet", "{\"name\":\"Ann\",\"times\":\"x\"}")));
		assertThat(invocations).isEmpty();
	}

	private static RpcCall call(String method, @Nullable String params) {
		return new RpcCall(method, (params != null) ? RpcParams.of(params) : null, (type) -> null);
	}

	static class Handlers {

		int calls;

		@UdsRpcHandler("Greet")
		public String greet(String name, int times, @Nullable Context context) {
			this.calls++;
			return "Hello" + (" " + name).repeat(times);
		}

		@UdsRpcHandler("Whole")
		public String whole(Request request) {
			this.calls++;
			return request.name();
		}

		@UdsRpcHandler("Fail")
		public String fail() {
			throw new IllegalStateException("boom");
		}

	}

	record Request(String name, int times) {

	}

	static final class Context {

	}

	static final class ContextResolver implements ArgumentResolver {

		@Override
		public boolean supports(java.lang.reflect.Parameter parameter) {
			return parameter.getType() == Context.class;
		}

		@Override
		public @Nullable Object resolve(java.lang.reflect.Parameter parameter, RpcCall call) {
			return new Context();
		}

	}

}
