package dev.udsrpc.autoconfigure.actuate;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.context.UdsRpcServerLifecycle;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.server.UdsRpcServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Actuator support for udsrpc, each part when its Actuator
 * module is on the class path: the {@code udsrpc} health indicator
 * ({@code management.health.udsrpc.enabled}), the {@code udsrpc} info contribution
 * ({@code management.info.udsrpc.enabled}) and the {@code udsrpc} endpoint.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@AutoConfiguration(after = UdsRpcServerAutoConfiguration.class)
@ConditionalOnBean(UdsRpcServer.class)
public final class UdsRpcActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
	static class HealthConfiguration {

		// nested, so that its condition is read only when the class of the condition
		// exists
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnEnabledHealthIndicator("udsrpc")
		static class EnabledHealthConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "udsrpcHealthIndicator")
			UdsRpcHealthIndicator udsrpcHealthIndicator(UdsRpcServer server, DaemonLocation location,
					ObjectProvider<UdsRpcServerLifecycle> lifecycle) {
				return new UdsRpcHealthIndicator(server, location, lifecycle.getIfUnique());
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.info.InfoContributor",
			"org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor" })
	static class InfoConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnEnabledInfoContributor("udsrpc")
		static class EnabledInfoConfiguration {

			@Bean
			@ConditionalOnMissingBean
			UdsRpcInfoContributor udsrpcInfoContributor(UdsRpcServer server, DaemonLocation location) {
				return new UdsRpcInfoContributor(server, location);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	static class EndpointConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnAvailableEndpoint(UdsRpcEndpoint.class)
		static class AvailableEndpointConfiguration {

			@Bean
			@ConditionalOnMissingBean
			UdsRpcEndpoint udsrpcEndpoint(UdsRpcServer server, DaemonLocation location) {
				return new UdsRpcEndpoint(server, location);
			}

		}

	}

}
