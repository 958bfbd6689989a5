package dev.udsrpc.autoconfigure;

import java.nio.file.Path;

import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the configured JSON limits applying to params, over a real socket
 * of the auto-configured server.
 */
class UdsRpcServerAutoConfigurationLimitsIntegrationTests {

	@TempDir
	Path tempDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UdsRpcServerAutoConfiguration.class))
		.withUserConfiguration(EchoHandlers.class)
		.withPropertyValues("spring.application.name=lapp", "udsrpc.server.max-string-length=100");

	@Test
	void stringParamLongerThanTheMaximumStringLengthIsInvalidParamsNamingTheParameter() {
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withPropertyValues("udsrpc.runtime-dir=" + dir).run((context) -> {
			assertThat(context).hasNotFailed();
			try (LineClient client = new LineClient(dir.resolve("lapp.sock"))) {
				String text = "x".repeat(5000);
				// Jackson stops reading a string once it is known to be too long
				assertThat(
						client.send("{\"id\":1,\"method\":\"Echo\",\"params\":{\"msg\":\"" + text + "\"}}").receive())
					.startsWith("{\"id\":1,\"error\":{\"code\":-32602,\"message\":\"invalid params: parameter 'msg': "
							+ "String value length (")
					.contains("exceeds the maximum allowed (100,");
				assertThat(client.send("{\"id\":2,\"method\":\"Echo\",\"params\":\"" + text + "\"}").receive())
					.startsWith("{\"id\":2,\"error\":{\"code\":-32602,\"message\":\"invalid params: parameter 'msg': ");
				String within = "y".repeat(100);
				assertThat(client.send("{\"id\":3,\"method\":\"Echo\",\"params\":[\"" + within + "\"]}").receive())
					.isEqualTo("{\"id\":3,\"result\":\"" + within + "\"}");
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoHandlers {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	public static class Echo {

		@UdsRpcHandler("Echo")
		public String echo(String msg) {
			return msg;
		}

	}

}
