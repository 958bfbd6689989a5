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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Integration tests of Spring Boot's threading switch for the threads handlers run on.
 */
class UdsRpcServerAutoConfigurationVirtualThreadsIntegrationTests {

	@TempDir
	Path tempDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UdsRpcServerAutoConfiguration.class))
		.withUserConfiguration(ThreadHandlers.class)
		.withPropertyValues("spring.application.name=tapp");

	@Test
	void handlersRunOnVirtualThreadsWhenEnabledOnJava21OrLater() {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		assertThat(threadOfHandler("spring.threads.virtual.enabled=true"))
			.startsWith("{\"id\":1,\"result\":{\"virtual\":true,\"name\":\"udsrpc-handler-");
	}

	@Test
	void handlersRunOnPlatformWorkersByDefault() {
		assertThat(threadOfHandler("spring.threads.virtual.enabled=false"))
			.startsWith("{\"id\":1,\"result\":{\"virtual\":false,\"name\":\"udsrpc-worker-");
	}

	@Test
	void handlersRunOnPlatformWorkersBeforeJava21EvenWhenEnabled() {
		assumeTrue(Runtime.version().feature() < 21, "runs on Java 17 only");
		assertThat(threadOfHandler("spring.threads.virtual.enabled=true"))
			.startsWith("{\"id\":1,\"result\":{\"virtual\":false,\"name\":\"udsrpc-worker-");
	}

	private String threadOfHandler(String threading) {
		Path dir = this.tempDir.resolve("run");
		String[] answer = new String[1];
		this.contextRunner.withPropertyValues("udsrpc.runtime-dir=" + dir, threading).run((context) -> {
			assertThat(context).hasNotFailed();
			try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
				answer[0] = client.send("{\"id\":1,\"method\":\"Thread\"}").receive();
			}
		});
		return answer[0];
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadHandlers {

		@Bean
		ThreadHandler threadHandler() {
			return new ThreadHandler();
		}

	}

	public static class ThreadHandler {

		@UdsRpcHandler("Thread")
		public ThreadView thread() throws Exception {
			Thread thread = Thread.currentThread();
			boolean virtual = (Runtime.version().feature() >= 21)
					&& (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
			return new ThreadView(virtual, thread.getName());
		}

	}

	record ThreadView(boolean virtual, String name) {

	}

}
