package dev.udsrpc.autoconfigure;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.udsrpc.context.UdsRpcConnectionClosedEvent;
import dev.udsrpc.context.internal.UdsRpcControlHandlers;
import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import dev.udsrpc.context.UdsRpcConnectionOpenedEvent;
import dev.udsrpc.context.internal.UdsRpcHandlerMethodProcessor;
import dev.udsrpc.context.UdsRpcReloadTrigger;
import dev.udsrpc.context.UdsRpcServerLifecycle;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.internal.SocketActivation;
import dev.udsrpc.daemon.SystemdNotifier;
import dev.udsrpc.discovery.UdsRpcDiscoveryHandler;
import dev.udsrpc.handler.HandlerInterceptor;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.server.internal.ConnectionArgumentResolver;
import dev.udsrpc.server.UdsRpcConnection;
import dev.udsrpc.server.UdsRpcConnectionListener;
import dev.udsrpc.server.UdsRpcServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for a udsrpc daemon: a {@link UdsRpcServer} serving the
 * {@code @UdsRpcHandler} methods of the application's beans on a Unix domain socket, for
 * the life of the application context.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnBooleanProperty(name = "udsrpc.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UdsRpcProperties.class)
public final class UdsRpcServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DaemonLocation udsRpcDaemonLocation(Environment environment) {
		return UdsRpcDaemonSettings.location(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	HandlerRegistry udsRpcHandlerRegistry(ObjectProvider<JsonMapper> jsonMapper, UdsRpcProperties properties,
			ObjectProvider<HandlerInterceptor> interceptors) {
		// the application's mapper (Spring Boot's, with spring-boot-jackson) or, without
		// one, a default mapper with the Jackson modules on the class path; params are
		// read within the limits of the rest of the message
		HandlerRegistry registry = new HandlerRegistry(jsonMapper.getIfAvailable(HandlerRegistry::defaultJsonMapper),
				List.of(new ConnectionArgumentResolver()), readConstraints(properties.getServer()));
		interceptors.orderedStream().forEach(registry::addInterceptor);
		return registry;
	}

	@Bean
	static UdsRpcHandlerMethodProcessor udsRpcHandlerMethodProcessor(ObjectProvider<HandlerRegistry> registry) {
		return new UdsRpcHandlerMethodProcessor(registry::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	UdsRpcServer udsRpcServer(UdsRpcProperties properties, DaemonLocation location, HandlerRegistry registry,
			ApplicationEventPublisher publisher, ObjectProvider<UdsRpcServerCustomizer> customizers) {
		UdsRpcServerProperties server = properties.getServer();
		UdsRpcServer.Builder builder = UdsRpcServer.builder(registry)
			.socketPath(location.socketPath())
			.socketPermissions(permissions(server.getSocketPermissions()))
			.maxMessageSize(Math.toIntExact(server.getMaxMessageSize().toBytes()))
			.maxConnections(server.getMaxConnections())
			.maxConnectionsPerUid(server.getMaxConnectionsPerUid())
			.partialLineTimeout(server.getPartialLineTimeout())
			.maxRequestsInFlight(server.getMaxRequestsInFlight())
			.maxQueuedBytes(server.getMaxQueuedBytes().toBytes())
			.maxBatchSize(server.getMaxBatchSize())
			.workerThreads(server.getWorkerThreads())
			.quickHandlersOnEventLoop(server.isQuickHandlersOnEventLoop())
			.readConstraints(readConstraints(server))
			.listener(new EventPublishingListener(publisher));
		if (server.getBacklog() != null) {
			builder.backlog(server.getBacklog());
		}
		if (server.getMaxBufferedInput() != null) {
			builder.maxBufferedInput(server.getMaxBufferedInput().toBytes());
		}
		if (!server.getAllowedUids().isEmpty()) {
			builder.allowedUids(server.getAllowedUids());
		}
		if (!server.getAllowedGids().isEmpty()) {
			builder.allowedGids(server.getAllowedGids());
		}
		if (server.isSocketActivation()) {
			SocketActivation.listeningDescriptor(System.getenv(), ProcessHandle.current().pid(), location.appName())
				.ifPresent(builder::inheritedDescriptor);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	UdsRpcReloadTrigger udsRpcReloadTrigger(ApplicationEventPublisher publisher, UdsRpcServer server,
			UdsRpcProperties properties) {
		UdsRpcReloadTrigger trigger = new UdsRpcReloadTrigger(publisher, server);
		trigger.setNotifier(notifier(properties));
		return trigger;
	}

	@Bean
	@ConditionalOnMissingBean
	UdsRpcServerLifecycle udsRpcServerLifecycle(UdsRpcServer server, DaemonLocation location,
			UdsRpcProperties properties, Environment environment, ObjectProvider<UdsRpcReloadTrigger> reloadTrigger,
			ApplicationEventPublisher publisher) {
		Duration phaseTimeout = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
				Duration.ofSeconds(30));
		// leave time to write responses and release the lock within the phase timeout
		Duration grace = phaseTimeout.minus(phaseTimeout.dividedBy(10));
		UdsRpcServerLifecycle lifecycle = new UdsRpcServerLifecycle(server, location, grace,
				properties.getServer().isAutoStartup());
		if (properties.getDaemon().isReloadOnSighup()) {
			lifecycle.setReloadTrigger(reloadTrigger.getIfAvailable());
		}
		lifecycle.setSignalPublisher(publisher);
		lifecycle.setNotifier(notifier(properties));
		return lifecycle;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "udsrpc.server.control-methods", matchIfMissing = true)
	UdsRpcControlHandlers udsRpcControlHandlers(UdsRpcServer server, DaemonLocation location,
			UdsRpcReloadTrigger reloadTrigger) {
		return new UdsRpcControlHandlers(server, location, reloadTrigger);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.VIRTUAL)
	static class VirtualThreadsConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		UdsRpcServerCustomizer udsRpcVirtualThreadsCustomizer() {
			// a thread per handler call, as Spring Boot's web servers do; the event loop
			// stays a platform thread
			return UdsRpcServer.Builder::virtualThreads;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.github.victools.jsonschema.generator.SchemaGenerator")
	@ConditionalOnBooleanProperty(name = "udsrpc.server.discovery.enabled", matchIfMissing = true)
	static class DiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UdsRpcDiscoveryHandler udsRpcDiscoveryHandler(HandlerRegistry registry, DaemonLocation location,
				Environment environment) {
			return new UdsRpcDiscoveryHandler(registry, location.appName(),
					environment.getProperty("spring.application.version", "unknown"));
		}

	}

	private static StreamReadConstraints readConstraints(UdsRpcServerProperties server) {
		return StreamReadConstraints.builder()
			.maxNestingDepth(server.getMaxNestingDepth())
			.maxStringLength(server.getMaxStringLength())
			.maxNumberLength(server.getMaxNumberLength())
			.build();
	}

	private static @Nullable SystemdNotifier notifier(UdsRpcProperties properties) {
		return properties.getDaemon().isSystemdNotify() ? SystemdNotifier.fromEnvironment().orElse(null) : null;
	}

	static Set<PosixFilePermission> permissions(String value) {
		String text = value.trim();
		if (text.matches("0?[0-7]{3}")) {
			int mode = Integer.parseInt(text, 8);
			StringBuilder symbolic = new StringBuilder();
			String letters = "rwx";
			for (int bit = 8; bit >= 0; bit--) {
				symbolic.append(((mode >> bit) & 1) != 0 ? letters.charAt((8 - bit) % 3) : '-');
			}
			text = symbolic.toString();
		}
		try {
			return PosixFilePermissions.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid udsrpc.server.socket-permissions '" + value
					+ "': use symbolic (rw-------) or octal (600) permissions", ex);
		}
	}

	/**
	 * Publishes connection events to the application context.
	 */
	private static final class EventPublishingListener implements UdsRpcConnectionListener {

		private final ApplicationEventPublisher publisher;

		EventPublishingListener(ApplicationEventPublisher publisher) {
			this.publisher = publisher;
		}

		@Override
		public void connectionOpened(UdsRpcConnection connection) {
			this.publisher.publishEvent(new UdsRpcConnectionOpenedEvent(connection));
		}

		@Override
		public void connectionClosed(UdsRpcConnection connection) {
			this.publisher.publishEvent(new UdsRpcConnectionClosedEvent(connection));
		}

	}

}
