package dev.udsrpc.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;

import dev.udsrpc.protocol.RpcParams;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link HandlerRegistry}.
 */
class HandlerRegistryTests {

	private final HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());

	@Test
	void registerAnnotatedMapsAnnotationValueToMethod() {
		this.registry.registerAnnotated(new Named(), "named");
		HandlerMethod handler = this.registry.get("Ping");
		assertThat(handler).isNotNull();
		assertThat(handler.name()).isEqualTo("Ping");
		assertThat(handler.method().getName()).isEqualTo("ping");
		assertThat(handler.beanName()).isEqualTo("named");
		assertThat(handler.bean()).isInstanceOf(Named.class);
	}

	@Test
	void registerAnnotatedDefaultsNameToJavaMethodName() {
		this.registry.registerAnnotated(new Named(), "named");
		assertThat(this.registry.get("status")).isNotNull();
		assertThat(this.registry.names()).containsExactlyInAnyOrder("Ping", "status");
	}

	@Test
	void registerAnnotatedIgnoresMethodsWithoutAnnotation() {
		assertThat(this.registry.registerAnnotated(new Named(), "named")).extracting(HandlerMethod::name)
			.containsExactlyInAnyOrder("Ping", "status");
		assertThat(this.registry.get("notAHandler")).isNull();
		assertThat(this.registry.get("staticHandler")).isNull();
	}

	@Test
	void registerAnnotatedPicksUpAnnotationDeclaredOnInterface() throws Exception {
		this.registry.registerAnnotated(new GreeterImpl(), "greeter");
		HandlerMethod handler = this.registry.get("Greet");
		assertThat(handler).isNotNull();
		assertThat(handler.method().getName()).isEqualTo("greet");
		assertThat(this.registry.get("farewell")).isNotNull();
		assertThat(handler.invoke(call("Greet", "{\"name\":\"Ann\"}"))).isEqualTo("Hello Ann");
	}

	@Test
	void registerAnnotatedPicksUpAnnotationDeclaredOnSuperclass() throws Exception {
		this.registry.registerAnnotated(new SubHandler(), "sub");
		HandlerMethod handler = this.registry.get("Base");
		assertThat(handler).isNotNull();
		assertThat(handler.invoke(call("Base", null))).isEqualTo("overridden");
	}

	@Test
	void duplicateNameFailsNamingBothBeansAndMethods() {
		this.registry.registerAnnotated(new Named(), "first");
		assertThatIllegalStateException().isThrownBy(() -> this.registry.registerAnnotated(new OtherPing(), "second"))
			.withMessageContaining("'Ping'")
			.withMessageContaining("'first'")
			.withMessageContaining(Named.class.getName() + ".ping()")
			.withMessageContaining("'second'")
			.withMessageContaining(OtherPing.class.getName() + ".anotherPing(String)");
	}

	@Test
	void duplicateNameRegisteredExplicitlyFailsAndKeepsTheFirstHandler() throws Exception {
		Method ping = Named.class.getMethod("ping");
		Named first = new Named();
		this.registry.register("Ping", first, "first", ping);
		assertThatIllegalStateException().isThrownBy(() -> this.registry.register("Ping", new Named(), "second", ping))
			.withMessageContaining("'first'")
			.withMessageContaining("'second'");
		assertThat(this.registry.get("Ping").bean()).isSameAs(first);
		assertThat(this.registry.handlers()).hasSize(1);
	}

	@Test
	void registerWithEmptyNameFails() throws Exception {
		Method ping = Named.class.getMethod("ping");
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.register("", new Named(), "named", ping));
	}

	@Test
	void handlersAreListedInRegistrationOrder() throws Exception {
		Named bean = new Named();
		this.registry.register("c", bean, "named", Named.class.getMethod("ping"));
		this.registry.register("a", bean, "named", Named.class.getMethod("status"));
		this.registry.register("b", bean, "named", Named.class.getMethod("notAHandler"));
		assertThat(this.registry.handlers()).extracting(HandlerMethod::name).containsExactly("c", "a", "b");
	}

	@Test
	void getUnknownMethodReturnsNull() {
		assertThat(this.registry.get("Nope")).isNull();
	}

	@Test
	void paramNamesListOnlyParametersBoundFromParams() {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build(), List.of(new Resolver()));
		registry.registerAnnotated(new WithContext(), "ctx");
		assertThat(registry.get("Mixed").paramNames()).containsExactly("text", "count");
	}

	@Test
	void descriptionNamesBeanClassAndMethod() {
		this.registry.registerAnnotated(new OtherPing(), "other");
		assertThat(this.registry.get("Ping").description())
			.isEqualTo("'other' (" + OtherPing.class.getName() + ".anotherPing(String))");
	}

	private static RpcCall call(String method, @Nullable String params) {
		return new RpcCall(method, (params != null) ? RpcParams.of(params) : null, (type) -> null);
	}

	static class Named {

		@UdsRpcHandler("Ping")
		public String ping() {
			return "pong";
		}

		@UdsRpcHandler
		public String status() {
			return "ok";
		}

		public String notAHandler() {
			return "no";
		}

		@UdsRpcHandler
		public static String staticHandler() {
			return "static";
		}

	}

	static class OtherPing {

		@UdsRpcHandler("Ping")
		public String anotherPing(String text) {
			return text;
		}

	}

	interface Greeter {

		@UdsRpcHandler("Greet")
		String greet(String name);

		@UdsRpcHandler
		String farewell();

	}

	static class GreeterImpl implements Greeter {

		@Override
		public String greet(String name) {
			return "Hello " + name;
		}

		@Override
		public String farewell() {
			return "Bye";
		}

	}

	static class BaseHandler {

		@UdsRpcHandler("Base")
		public String base() {
			return "base";
		}

	}

	static class SubHandler extends BaseHandler {

		@Override
		public String base() {
			return "overridden";
		}

	}

	static class Context {

	}

	static class WithContext {

		@UdsRpcHandler("Mixed")
		public String mixed(Context context, String text, int count) {
			return text.repeat(count);
		}

	}

	static class Resolver implements ArgumentResolver {

		@Override
		public boolean supports(Parameter parameter) {
			return parameter.getType() == Context.class;
		}

		@Override
		public Object resolve(Parameter parameter, RpcCall call) {
			return new Context();
		}

	}

}
