package dev.udsrpc.context;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UdsRpcApplication}.
 */
class UdsRpcApplicationTests {

	@Test
	void letsSpringBootAbandonTheRunAsItsAotProcessingDoes() throws Exception {
		// in a JVM of its own: the run ends the process when it fails
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), AbandoningMain.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("abandoned");
	}

	@Test
	void findsTheCommand() {
		assertThat(UdsRpcApplication.command(new String[] { "--x=1", "call", "Echo" })).isEqualTo("call");
		assertThat(UdsRpcApplication.command(new String[] { "--x=1" })).isEqualTo("run");
		assertThat(UdsRpcApplication.withoutCommand(new String[] { "--x=1", "call", "Echo" }, "call"))
			.containsExactly("--x=1", "Echo");
	}

	/**
	 * Runs an application with a hook that abandons the run once the context is prepared,
	 * as {@code spring-boot:process-aot} does.
	 */
	static final class AbandoningMain {

		public static void main(String[] args) {
			SpringApplicationHook hook = (application) -> new SpringApplicationRunListener() {

				@Override
				public void contextLoaded(ConfigurableApplicationContext context) {
					throw new SpringApplication.AbandonedRunException(context);
				}

			};
			try {
				SpringApplication.withHook(hook,
						() -> UdsRpcApplication.run(Empty.class, "--spring.main.banner-mode=off"));
			}
			catch (SpringApplication.AbandonedRunException ex) {
				System.out.println("abandoned");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
