package dev.udsrpc.autoconfigure.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.daemon.DaemonLocation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Applies {@link AutoConfigureUdsRpcClient @AutoConfigureUdsRpcClient}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
class UdsRpcClientContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean annotated = TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureUdsRpcClient.class)
				|| MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
					.isPresent(AutoConfigureUdsRpcClient.class);
		return annotated ? new Customizer() : null;
	}

	/**
	 * Points the runtime directory at a new temporary directory and registers the client.
	 * Instances are equal, so contexts are cached as usual; each created context gets its
	 * own directory.
	 */
	static final class Customizer implements ContextCustomizer {

		static final String CLIENT_BEAN_NAME = "udsRpcTestClient";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Path directory = createDirectory();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("udsRpcTest", Map.of("udsrpc.runtime-dir", directory.toString())));
			if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
				RootBeanDefinition definition = new RootBeanDefinition(UdsRpcClient.class, () -> connect(context));
				// created on injection, once the server has started with the context
				definition.setLazyInit(true);
				definition.setDestroyMethodName("close");
				registry.registerBeanDefinition(CLIENT_BEAN_NAME, definition);
			}
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
					deleteLater(directory);
				}
			});
		}

		private static UdsRpcClient connect(ConfigurableApplicationContext context) {
			Path socket = context.getBean(DaemonLocation.class).socketPath();
			UdsRpcClient.Builder builder = UdsRpcClient.builder(socket);
			context.getBeanProvider(JsonMapper.class).ifAvailable(builder::jsonMapper);
			return builder.build();
		}

		private static Path createDirectory() {
			try {
				// short, under /tmp: socket paths must fit sun_path
				return Files.createTempDirectory(Path.of("/tmp"), "udsrpc-test-",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot create a runtime directory for the test", ex);
			}
		}

		private static void deleteLater(Path directory) {
			// the server removes its files in its own stop phase, which may run after
			// this
			// event; delete what is left when the JVM exits
			Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
		}

		private static void delete(Path directory) {
			try (Stream<Path> paths = Files.walk(directory)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			catch (IOException ex) {
				// best effort
			}
		}

		@Override
		public boolean equals(@Nullable Object obj) {
			return obj != null && obj.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

}
