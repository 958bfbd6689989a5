package dev.udsrpc.autoconfigure.observation;

import dev.udsrpc.autoconfigure.UdsRpcServerCustomizer;
import dev.udsrpc.handler.HandlerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of Micrometer instrumentation for the udsrpc server: an observation
 * per RPC call when an {@link ObservationRegistry} bean exists, and meters for
 * connections and events when a {@link MeterRegistry} bean exists.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
public final class UdsRpcObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		UdsRpcServerCustomizer udsRpcObservationServerCustomizer(ObservationRegistry registry,
				ObjectProvider<UdsRpcObservationConvention> convention, ObjectProvider<HandlerRegistry> handlers) {
			return (builder) -> {
				// the server's handlers, which exist when the server is built
				HandlerRegistry known = handlers.getIfAvailable();
				builder.callObserver(new ObservationCallObserver(registry, convention.getIfUnique(),
						(method) -> known != null && known.get(method) != null));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		UdsRpcServerCustomizer udsRpcMetricsServerCustomizer(MeterRegistry registry) {
			return (builder) -> builder.listener(new ServerMetricsListener(registry));
		}

	}

}
