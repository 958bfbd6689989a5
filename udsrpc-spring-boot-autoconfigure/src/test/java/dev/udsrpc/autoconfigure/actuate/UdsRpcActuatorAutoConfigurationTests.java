package dev.udsrpc.autoconfigure.actuate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.autoconfigure.actuate.UdsRpcEndpoint.ClientDescriptor;
import dev.udsrpc.autoconfigure.actuate.UdsRpcEndpoint.UdsRpcDescriptor;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link UdsRpcActuatorAutoConfiguration}.
 */
class UdsRpcActuatorAutoConfigurationTests {

	@TempDir
	Path tempDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(UdsRpcServerAutoConfiguration.class, UdsRpcActuatorAutoConfiguration.class))
		.withUserConfiguration(Handlers.class)
		.withPropertyValues("spring.application.name=tapp", "udsrpc.server.auto-startup=false",
				"management.endpoints.web.exposure.include=udsrpc");

	@Test
	void providesHealthInfoAndEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(UdsRpcHealthIndicator.class)
			.hasBean("udsrpcHealthIndicator")
			.hasSingleBean(UdsRpcInfoContributor.class)
			.hasSingleBean(UdsRpcEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(UdsRpcHealthIndicator.class)
				.doesNotHaveBean(UdsRpcInfoContributor.class)
				.doesNotHaveBean(UdsRpcEndpoint.class));
	}

	@Test
	void backsOffWhenTheServerIsDisabled() {
		this.contextRunner.withPropertyValues("udsrpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UdsRpcHealthIndicator.class)
				.doesNotHaveBean(UdsRpcEndpoint.class));
	}

	@Test
	void honoursTheActuatorSwitches() {
		this.contextRunner
			.withPropertyValues("management.health.udsrpc.enabled=false", "management.info.udsrpc.enabled=false",
					"management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(UdsRpcHealthIndicator.class)
				.doesNotHaveBean(UdsRpcInfoContributor.class)
				.doesNotHaveBean(UdsRpcEndpoint.class));
	}

	@Test
	void isDownWhileNotServing() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(UdsRpcHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("pidLockHeld", false).containsEntry("connections", 0);
		});
	}

	@Test
	void reportsTheServingDaemonAndItsClients() {
		Path dir = this.tempDir.resolve("run");
		this.contextRunner.withPropertyValues("udsrpc.server.auto-startup=true", "udsrpc.runtime-dir=" + dir)
			.run((context) -> {
				String socket = dir.resolve("tapp.sock").toString();
				UdsRpcEndpoint endpoint = context.getBean(UdsRpcEndpoint.class);
				try (LineClient go = new LineClient(dir.resolve("tapp.sock"));
						LineClient jsonRpc = new LineClient(dir.resolve("tapp.sock"))) {
					go.send("{\"id\":1,\"method\":\"Ping\"}").receive();
					jsonRpc.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Ping\"}").receive();
					Health health = context.getBean(UdsRpcHealthIndicator.class).health();
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("socket", socket)
						.containsEntry("connections", 2)
						.containsEntry("pidFile", dir.resolve("tapp.pid").toString())
						.containsEntry("pidLockHeld", true);
					UdsRpcDescriptor descriptor = endpoint.udsrpc();
					long pid = ProcessHandle.current().pid();
					long uid = new com.sun.security.auth.module.UnixSystem().getUid();
					assertThat(descriptor.app()).isEqualTo("tapp");
					assertThat(descriptor.socket()).isEqualTo(socket);
					assertThat(descriptor.running()).isTrue();
					List<ClientDescriptor> clients = descriptor.clients();
					assertThat(clients)
						.extracting(ClientDescriptor::pid, ClientDescriptor::uid, ClientDescriptor::dialect)
						.containsExactly(org.assertj.core.groups.Tuple.tuple(pid, uid, "go"),
								org.assertj.core.groups.Tuple.tuple(pid, uid, "jsonrpc-2.0"));
					assertThat(clients.get(0).id()).isLessThan(clients.get(1).id());
					assertThat(endpoint.client(clients.get(1).id())).isEqualTo(clients.get(1));
					assertThat(endpoint.client(-1)).isNull();
				}
				await().until(() -> endpoint.udsrpc().clients().isEmpty());
				Info.Builder info = new Info.Builder();
				context.getBean(UdsRpcInfoContributor.class).contribute(info);
				// Ping, udsrpc.status, udsrpc.reload and rpc.discover
				assertThat(info.build().getDetails()).containsEntry("udsrpc", Map.of("app", "tapp", "socket", socket,
						"dialects", List.of("go", "jsonrpc-2.0"), "handlers", 4));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@UdsRpcHandler("Ping")
		public String ping() {
			return "pong";
		}

	}

}
