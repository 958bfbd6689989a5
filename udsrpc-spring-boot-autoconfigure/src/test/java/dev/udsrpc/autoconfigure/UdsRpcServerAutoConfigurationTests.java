package dev.udsrpc.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udsrpc.context.UdsRpcConnectionClosedEvent;
import dev.udsrpc.context.UdsRpcConnectionOpenedEvent;
import dev.udsrpc.context.internal.UdsRpcControlHandlers;
import dev.udsrpc.context.UdsRpcReloadTrigger;
import dev.udsrpc.context.UdsRpcServerLifecycle;
import dev.udsrpc.daemon.AlreadyRunningException;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.discovery.UdsRpcDiscoveryHandler;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.server.UdsRpcServer;
import dev.udsrpc.test.LineClient;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link UdsRpcServerAutoConfiguration}.
 */
class UdsRpcServerAutoConfigurationTests {

	record Greeting(String greetingText) {

	}

	@TempDir
	Path tempDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UdsRpcServerAutoConfiguration.class))
		.withPropertyValues("spring.application.name=tapp", "udsrpc.server.auto-startup=false");

	@Test
	void createsTheServerAndItsLifecycle() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(UdsRpcServer.class)
			.hasSingleBean(UdsRpcServerLifecycle.class)
			.hasSingleBean(HandlerRegistry.class));
	}

	@Test
	void writesWithTheApplicationsJsonMapperWhenSpringBootConfiguresOne() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> assertThat(
					context.getBean(HandlerRegistry.class).jsonMapper().writeValueAsString(new Greeting("hi")))
				.isEqualTo("{\"greeting_text\":\"hi\"}"));
	}

	@Test
	void writesWithADefaultJsonMapperWithoutOne() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.jackson"))
			.run((context) -> assertThat(context).doesNotHaveBean(JsonMapper.class)
				.getBean(HandlerRegistry.class)
				.satisfies((registry) -> assertThat(registry.jsonMapper().writeValueAsString(new Greeting("hi")))
					.isEqualTo("{\"greetingText\":\"hi\"}")));
	}

	@Test
	void servesControlMethodsUnlessTurnedOff() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(UdsRpcControlHandlers.class)
			.hasSingleBean(UdsRpcReloadTrigger.class));
		this.contextRunner.withPropertyValues("udsrpc.server.control-methods=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UdsRpcControlHandlers.class));
	}

	@Test
	void servesDiscoveryUnlessTurnedOffOrTheGeneratorIsMissing() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(UdsRpcDiscoveryHandler.class));
		this.contextRunner.withPropertyValues("udsrpc.server.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UdsRpcDiscoveryHandler.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.github.victools"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(UdsRpcDiscoveryHandler.class));
	}

	@Test
	void servesRpcDiscoverOnARealSocket() {
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withUserConfiguration(EchoHandlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir)
			.run((context) -> {
				try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
					client.send("{\"id\":1,\"method\":\"rpc.discover\"}");
					JsonNode document = JsonMapper.builder().build().readTree(client.receive()).get("result");
					assertThat(document.at("/info/title").asString()).isEqualTo("tapp");
					List<String> methods = new ArrayList<>();
					document.get("methods").forEach((method) -> methods.add(method.get("name").asString()));
					assertThat(methods).contains("Echo", "udsrpc.status", "udsrpc.reload")
						.doesNotContain("rpc.discover");
				}
			});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("udsrpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UdsRpcServer.class)
				.doesNotHaveBean(UdsRpcServerLifecycle.class));
	}

	@Test
	void backsOffWhenUserDefinesLifecycle() {
		this.contextRunner.withBean("custom", UdsRpcServerLifecycle.class, () -> mock(UdsRpcServerLifecycle.class))
			.run((context) -> assertThat(context).getBeanNames(UdsRpcServerLifecycle.class).containsExactly("custom"));
	}

	@Test
	void backsOffWhenUserDefinesRegistry() {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		this.contextRunner.withBean("customRegistry", HandlerRegistry.class, () -> registry)
			.run((context) -> assertThat(context).getBean(HandlerRegistry.class).isSameAs(registry));
	}

	@Test
	void resolvesTheLocationFromTheApplicationName() {
		this.contextRunner.withPropertyValues("udsrpc.runtime-dir=" + this.tempDir).run((context) -> {
			DaemonLocation location = context.getBean(DaemonLocation.class);
			assertThat(location.appName()).isEqualTo("tapp");
			assertThat(location.socketPath()).isEqualTo(this.tempDir.resolve("tapp.sock"));
			assertThat(location.pidFile()).isEqualTo(this.tempDir.resolve("tapp.pid"));
		});
	}

	@Test
	void appliesConfiguredPaths() {
		this.contextRunner
			.withPropertyValues("udsrpc.app-name=other", "udsrpc.runtime-dir=" + this.tempDir,
					"udsrpc.server.socket-path=" + this.tempDir.resolve("x.sock"),
					"udsrpc.daemon.pid-file=" + this.tempDir.resolve("x.pid"))
			.run((context) -> {
				DaemonLocation location = context.getBean(DaemonLocation.class);
				assertThat(location.appName()).isEqualTo("other");
				assertThat(location.socketPath()).isEqualTo(this.tempDir.resolve("x.sock"));
				assertThat(location.pidFile()).isEqualTo(this.tempDir.resolve("x.pid"));
			});
	}

	@Test
	void parsesSymbolicAndOctalSocketPermissions() {
		assertThat(UdsRpcServerAutoConfiguration.permissions("600"))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(UdsRpcServerAutoConfiguration.permissions("0660"))
			.isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
		assertThat(UdsRpcServerAutoConfiguration.permissions("rwx------"))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
	}

	@Test
	void failsOnDuplicateHandlerNamesNamingBothBeans() {
		this.contextRunner.withUserConfiguration(DuplicateHandlers.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("Duplicate udsrpc handler for method 'Echo'")
				.hasMessageContaining("'first'")
				.hasMessageContaining("'second'");
		});
	}

	@Test
	void servesHandlerBeansOnARealSocketAndCleansUpOnClose() {
		Path dir = this.tempDir.resolve("run");
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(EchoHandlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir);
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			Path socket = dir.resolve("tapp.sock");
			assertThat(socket).exists();
			assertThat(Files.readString(dir.resolve("tapp.pid")).trim())
				.isEqualTo(Long.toString(ProcessHandle.current().pid()));
			try (LineClient client = new LineClient(socket)) {
				client.send("{\"id\":7,\"method\":\"Echo\",\"params\":{\"msg\":\"hi\"}}");
				assertThat(client.receive()).isEqualTo("{\"id\":7,\"result\":\"hi\"}");
				client
					.send("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"Pojo\",\"params\":{\"a\":1,\"b\":\"two\"}}");
				assertThat(client.receive())
					.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{\"a\":2,\"b\":\"two!\"}}");
			}
			ConnectionEvents events = context.getBean(ConnectionEvents.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> events.events.size() == 2);
			assertThat(events.events).containsExactly("opened", "closed");
		});
		assertThat(dir.resolve("tapp.sock")).doesNotExist();
		assertThat(dir.resolve("tapp.pid")).doesNotExist();
	}

	@Test
	void appliesTheConnectionAndInputLimits() {
		Path dir = this.tempDir.resolve("run");
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(EchoHandlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir,
					"udsrpc.server.max-connections-per-uid=1", "udsrpc.server.partial-line-timeout=200ms",
					"udsrpc.server.backlog=16", "udsrpc.server.max-buffered-input=1MB");
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			Path socket = dir.resolve("tapp.sock");
			try (LineClient first = new LineClient(socket); LineClient second = new LineClient(socket)) {
				assertThat(second.awaitsEof()).isTrue();
				first.sendRaw("{\"id\":7,");
				assertThat(first.receive()).contains("\"code\":-32600").contains("incomplete line");
				assertThat(first.awaitsEof()).isTrue();
			}
		});
	}

	@Test
	void refusesASecondInstanceNamingTheFirstOnesPid() {
		Path dir = this.tempDir.resolve("run");
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(EchoHandlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir);
		runner.run((first) -> {
			assertThat(first).hasNotFailed();
			runner.run((second) -> {
				assertThat(second).hasFailed();
				assertThat(second.getStartupFailure()).rootCause()
					.isInstanceOf(AlreadyRunningException.class)
					.hasMessage("Another instance of 'tapp' is already running (PID " + ProcessHandle.current().pid()
							+ ")");
			});
			try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
				client.send("{\"id\":1,\"method\":\"Echo\",\"params\":\"still here\"}");
				assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"still here\"}");
			}
		});
	}

	@Test
	void invokesHandlersOfProxiedBeansThroughTheProxy() {
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withUserConfiguration(ProxiedHandlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
					client.send("{\"id\":1,\"method\":\"Count\",\"params\":{\"text\":\"abc\"}}");
					assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":3}");
				}
				assertThat(context.getBean(ProxiedHandlers.class).intercepted).hasValue(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedHandlers {

		final AtomicInteger intercepted = new AtomicInteger();

		@Bean
		CountingHandler countingHandler() {
			ProxyFactory factory = new ProxyFactory(new CountingHandler());
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				this.intercepted.incrementAndGet();
				return invocation.proceed();
			});
			return (CountingHandler) factory.getProxy();
		}

	}

	public static class CountingHandler {

		@UdsRpcHandler("Count")
		public int count(String text) {
			return text.length();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoHandlers {

		@Bean
		Object echoHandlers() {
			return new Object() {

				@UdsRpcHandler("Echo")
				public String echo(String msg) {
					return msg;
				}

				@UdsRpcHandler("Pojo")
				public Pair pojo(Pair pair) {
					return new Pair(pair.a() + 1, pair.b() + "!");
				}

			};
		}

		@Bean
		ConnectionEvents connectionEvents() {
			return new ConnectionEvents();
		}

	}

	record Pair(int a, String b) {

	}

	static class ConnectionEvents implements ApplicationListener<ApplicationEvent> {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof UdsRpcConnectionOpenedEvent) {
				this.events.add("opened");
			}
			else if (event instanceof UdsRpcConnectionClosedEvent) {
				this.events.add("closed");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateHandlers {

		@Bean
		Object first() {
			return new Object() {

				@UdsRpcHandler("Echo")
				public String echo(String msg) {
					return msg;
				}

			};
		}

		@Bean
		Object second() {
			return new Object() {

				@UdsRpcHandler("Echo")
				public String echo2(String msg) {
					return msg;
				}

			};
		}

	}

}
