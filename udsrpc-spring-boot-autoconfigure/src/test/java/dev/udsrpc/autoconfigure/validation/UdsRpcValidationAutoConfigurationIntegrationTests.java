package dev.udsrpc.autoconfigure.validation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.autoconfigure.UdsRpcServerCustomizer;
import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.handler.HandlerInterceptor;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.handler.UdsRpcParam;
import dev.udsrpc.protocol.UdsRpcException;
import dev.udsrpc.server.UdsRpcCallObserver;
import dev.udsrpc.test.LineClient;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link UdsRpcValidationAutoConfiguration} over a real socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class UdsRpcValidationAutoConfigurationIntegrationTests {

	@TempDir
	Path tempDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UdsRpcServerAutoConfiguration.class, ValidationAutoConfiguration.class,
				UdsRpcValidationAutoConfiguration.class))
		.withUserConfiguration(GreeterConfiguration.class)
		.withPropertyValues("spring.application.name=vapp");

	@Test
	void invalidParamsOfAValidParameterAreAnsweredWithTheViolationsAndTheHandlerDoesNotRun(CapturedOutput output) {
		run((context, client) -> {
			String answer = client.send("{\"id\":1,\"method\":\"Greet\",\"params\":{\"name\":\"\",\"times\":9}}")
				.receive();
			assertThat(answer).isEqualTo("{\"id\":1,\"error\":{\"code\":-32602,\"message\":\"invalid params: "
					+ "name: must not be blank; times: must be less than or equal to 5\",\"data\":{\"violations\":["
					+ "{\"path\":\"name\",\"message\":\"must not be blank\"},"
					+ "{\"path\":\"times\",\"message\":\"must be less than or equal to 5\"}]}}}");
			assertThat(context.getBean(Greeter.class).calls).hasValue(0);
			assertThat(context.getBean(CodeRecorder.class).codes).containsExactly(-32602);
			assertThat(
					client.send("{\"id\":2,\"method\":\"Greet\",\"params\":{\"name\":\"Ann\",\"times\":2}}").receive())
				.isEqualTo("{\"id\":2,\"result\":\"Hello Ann Ann\"}");
			assertThat(context.getBean(Greeter.class).calls).hasValue(1);
		});
		assertThat(output).doesNotContain("WARN").doesNotContain("Exception");
	}

	@Test
	void parametersWithConstraintsAreValidatedAndNamedAsInParams() {
		run((context, client) -> {
			assertThat(
					client.send("{\"id\":1,\"method\":\"Repeat\",\"params\":{\"text\":\"ab\",\"count\":-1}}").receive())
				.contains("\"data\":{\"violations\":[{\"path\":\"count\",\"message\":"
						+ "\"must be greater than or equal to 0\"},{\"path\":\"text\",\"message\":"
						+ "\"size must be between 3 and 10\"}]}");
			assertThat(client.send("{\"id\":2,\"method\":\"Repeat\",\"params\":[\"abc\",2]}").receive())
				.isEqualTo("{\"id\":2,\"result\":\"abcabc\"}");
		});
	}

	@Test
	void violationsInsideAnObjectBoundByNameArePrefixedWithItsName() {
		run((context, client) -> assertThat(client
			.send("{\"id\":1,\"method\":\"Send\",\"params\":{\"to\":{\"name\":\" \",\"times\":1},\"note\":\"x\"}}")
			.receive()).contains("\"violations\":[{\"path\":\"to.name\",\"message\":\"must not be blank\"}]"));
	}

	@Test
	void aBeanThatIsValidatedAlsoByItsProxyAnswersInvalidParamsToo(CapturedOutput output) {
		run((context, client) -> assertThat(
				client.send("{\"id\":1,\"method\":\"Checked\",\"params\":{\"name\":\"\",\"times\":1}}").receive())
			.startsWith("{\"id\":1,\"error\":{\"code\":-32602,")
			.contains("{\"path\":\"name\",\"message\":\"must not be blank\"}"));
		assertThat(output).doesNotContain("WARN");
	}

	@Test
	void theTypedClientThrowsTheViolationsAsData() {
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withPropertyValues("udsrpc.runtime-dir=" + dir).run((context) -> {
			try (UdsRpcClient client = UdsRpcClient.connect(dir.resolve("vapp.sock"))) {
				GreeterApi api = client.proxy(GreeterApi.class);
				assertThatExceptionOfType(UdsRpcException.class).isThrownBy(() -> api.greet(new Greeting("", 1)))
					.satisfies((ex) -> {
						assertThat(ex.code()).isEqualTo(-32602);
						assertThat(ex.data()).isInstanceOf(JsonNode.class);
						assertThat(ex.data())
							.hasToString("{\"violations\":[{\"path\":\"name\",\"message\":\"must not be blank\"}]}");
					});
				assertThat(api.greet(new Greeting("Bo", 1))).isEqualTo("Hello Bo");
			}
		});
	}

	@Test
	void backsOffWithoutBeanValidation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("jakarta.validation"))
			.withPropertyValues("udsrpc.server.auto-startup=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HandlerInterceptor.class));
	}

	@Test
	void backsOffWithoutAValidator() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(UdsRpcServerAutoConfiguration.class, UdsRpcValidationAutoConfiguration.class))
			.withPropertyValues("udsrpc.server.auto-startup=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HandlerInterceptor.class));
	}

	private void run(ClientTest test) {
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withPropertyValues("udsrpc.runtime-dir=" + dir).run((context) -> {
			assertThat(context).hasNotFailed();
			try (LineClient client = new LineClient(dir.resolve("vapp.sock"))) {
				test.run(context, client);
			}
		});
	}

	@FunctionalInterface
	interface ClientTest {

		void run(org.springframework.context.ApplicationContext context, LineClient client);

	}

	interface GreeterApi {

		@UdsRpcHandler("Greet")
		String greet(Greeting greeting);

	}

	record Greeting(@NotBlank String name, @Max(5) int times) {

	}

	@Configuration(proxyBeanMethods = false)
	static class GreeterConfiguration {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

		@Bean
		CheckedGreeter checkedGreeter() {
			return new CheckedGreeter();
		}

		@Bean
		CodeRecorder codeRecorder() {
			return new CodeRecorder();
		}

		@Bean
		UdsRpcServerCustomizer recordCodes(CodeRecorder recorder) {
			return (builder) -> builder.callObserver(recorder);
		}

	}

	public static class Greeter {

		final AtomicInteger calls = new AtomicInteger();

		@UdsRpcHandler("Greet")
		public String greet(@Valid Greeting greeting) {
			this.calls.incrementAndGet();
			return "Hello" + (" " + greeting.name()).repeat(greeting.times());
		}

		@UdsRpcHandler("Repeat")
		public String repeat(@Size(min = 3, max = 10) String text, @UdsRpcParam("count") @Min(0) int times) {
			return text.repeat(times);
		}

		@UdsRpcHandler("Send")
		public String send(@Valid Greeting to, String note) {
			return note;
		}

	}

	@Validated
	public static class CheckedGreeter {

		@UdsRpcHandler("Checked")
		public String greet(@Valid Greeting greeting) {
			return greeting.name();
		}

	}

	static class CodeRecorder implements UdsRpcCallObserver {

		final List<Integer> codes = new CopyOnWriteArrayList<>();

		@Override
		public Call start(String method, dev.udsrpc.protocol.RpcId id, dev.udsrpc.protocol.Dialect dialect,
				dev.udsrpc.server.UdsRpcConnection connection) {
			return new Call() {

				@Override
				public void succeeded() {
				}

				@Override
				public void failed(int code, String message, @Nullable Throwable cause) {
					CodeRecorder.this.codes.add(code);
				}

			};
		}

	}

}
