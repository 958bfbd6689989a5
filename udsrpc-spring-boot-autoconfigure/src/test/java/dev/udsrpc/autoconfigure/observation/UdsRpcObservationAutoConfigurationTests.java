package dev.udsrpc.autoconfigure.observation;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.autoconfigure.UdsRpcServerCustomizer;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.protocol.UdsRpcException;
import dev.udsrpc.server.UdsRpcServer;
import dev.udsrpc.test.LineClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link UdsRpcObservationAutoConfiguration}.
 */
class UdsRpcObservationAutoConfigurationTests {

	@TempDir
	Path tempDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(UdsRpcServerAutoConfiguration.class, UdsRpcObservationAutoConfiguration.class))
		.withPropertyValues("spring.application.name=tapp", "udsrpc.server.auto-startup=false");

	@Test
	void backsOffWithoutRegistries() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(UdsRpcServerCustomizer.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UdsRpcServer.class)
				.doesNotHaveBean(UdsRpcServerCustomizer.class));
	}

	@Test
	void observesEveryCallWithJsonRpcKeys() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withUserConfiguration(Handlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir)
			.run((context) -> {
				assertThat(context).hasSingleBean(UdsRpcServerCustomizer.class);
				try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
					client.send("{\"id\":1,\"method\":\"Hello\",\"params\":\"x\"}").receive();
					client.send("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"Refuse\"}").receive();
					client.send("{\"id\":3,\"method\":\"Missing\"}").receive();
				}
				TestObservationRegistryAssert.assertThat(registry)
					.hasNumberOfObservationsWithNameEqualTo(DefaultUdsRpcObservationConvention.NAME, 3)
					.forAllObservationsWithNameEqualTo(DefaultUdsRpcObservationConvention.NAME,
							(observation) -> observation.hasLowCardinalityKeyValue("rpc.system", "jsonrpc"))
					.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("Hello")
						.hasLowCardinalityKeyValue("rpc.method", "Hello")
						.hasLowCardinalityKeyValue("rpc.jsonrpc.error_code", "none")
						.hasLowCardinalityKeyValue("outcome", "SUCCESS")
						.hasLowCardinalityKeyValue("udsrpc.dialect", "go")
						.hasHighCardinalityKeyValue("rpc.jsonrpc.request_id", "1"))
					.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("Refuse")
						.hasLowCardinalityKeyValue("rpc.jsonrpc.error_code", "1001")
						.hasLowCardinalityKeyValue("outcome", "APPLICATION_ERROR")
						.hasLowCardinalityKeyValue("udsrpc.dialect", "jsonrpc-2.0")
						.hasHighCardinalityKeyValue("rpc.jsonrpc.request_id", "a-1")
						.hasHighCardinalityKeyValue("rpc.jsonrpc.error_message", "refused")
						.assertThatError()
						.isInstanceOf(UdsRpcException.class))
					.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("Missing")
						.hasLowCardinalityKeyValue("rpc.method", "_OTHER")
						.hasLowCardinalityKeyValue("rpc.jsonrpc.error_code", "-32601")
						.hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR"));
			});
	}

	@Test
	void observesAnAsynchronousCallUntilItCompletes() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withUserConfiguration(Handlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir)
			.run((context) -> {
				Handlers handlers = context.getBean(Handlers.class);
				try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
					client.send("{\"id\":1,\"method\":\"Later\"}");
					await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
						.hasSingleObservationThat()
						.hasBeenStarted()
						.isNotStopped());
					handlers.later.complete("done");
					assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":\"done\"}");
				}
				TestObservationRegistryAssert.assertThat(registry)
					.hasSingleObservationThat()
					.hasBeenStopped()
					.hasLowCardinalityKeyValue("outcome", "SUCCESS");
			});
	}

	@Test
	void recordsConnectionsAndEventsWithAMeterRegistry() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withBean(MeterRegistry.class, () -> meters)
			.withUserConfiguration(Handlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir,
					"udsrpc.server.max-connections=1")
			.run((context) -> {
				assertThat(context).hasSingleBean(UdsRpcServerCustomizer.class);
				try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
					client.send("{\"id\":1,\"method\":\"Hello\",\"params\":\"x\"}").receive();
					assertThat(meters.get("udsrpc.server.connections").gauge().value()).isEqualTo(1.0);
					context.getBean(UdsRpcServer.class).broadcast("Tick", null);
					client.receive();
					assertThat(meters.get("udsrpc.server.events.sent").tag("type", "Tick").counter().count())
						.isEqualTo(1.0);
					try (LineClient refused = new LineClient(dir.resolve("tapp.sock"))) {
						assertThat(refused.awaitsEof()).isTrue();
					}
					await().until(() -> meters.get("udsrpc.server.connections.refused")
						.tag("reason", "limit")
						.counter()
						.count() == 1.0);
				}
				await().until(() -> meters.get("udsrpc.server.connections").gauge().value() == 0.0);
			});
	}

	@Test
	void tagsMetersOnlyWithMethodsThatExistWhateverClientsCall() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withBean(ObservationRegistry.class, () -> observations)
			.withUserConfiguration(Handlers.class)
			.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir)
			.run((context) -> {
				try (LineClient client = new LineClient(dir.resolve("tapp.sock"))) {
					for (int i = 0; i < 5; i++) {
						client.send("{\"id\":" + i + ",\"method\":\"" + UUID.randomUUID() + "\"}").receive();
					}
					client.send("{\"id\":9,\"method\":\"Hello\",\"params\":\"x\"}").receive();
				}
				assertThat(meters.find("udsrpc.server.requests.active").meters()).isNotEmpty();
				assertThat(meters.find("udsrpc.server.requests").timers()).isNotEmpty();
				assertThat(meters.getMeters())
					.filteredOn((meter) -> meter.getId().getName().startsWith("udsrpc.server.requests"))
					.extracting((meter) -> meter.getId().getTag("rpc.method"))
					.containsOnly("_OTHER", "Hello");
			});
	}

	@Test
	void tagsEventsSentWithABoundedNumberOfTypes() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ServerMetricsListener listener = new ServerMetricsListener(meters);
		for (int i = 0; i < 1000; i++) {
			listener.eventSent("Type" + i, 2);
		}
		listener.eventSent("Type0", 1);
		assertThat(meters.find("udsrpc.server.events.sent").counters()).hasSizeLessThanOrEqualTo(101);
		assertThat(meters.get("udsrpc.server.events.sent").tag("type", "Type0").counter().count()).isEqualTo(3.0);
		assertThat(meters.get("udsrpc.server.events.sent").tag("type", "_OTHER").counter().count()).isPositive();
		assertThat(meters.find("udsrpc.server.events.sent").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(2001.0);
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		final CompletableFuture<String> later = new CompletableFuture<>();

		@UdsRpcHandler("Hello")
		public String hello(String name) {
			return "hello " + name;
		}

		@UdsRpcHandler("Refuse")
		public String refuse() {
			throw new UdsRpcException(1001, "refused");
		}

		@UdsRpcHandler("Later")
		public CompletionStage<String> later() {
			return this.later;
		}

	}

}
