package dev.udsrpc.test.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.daemon.DaemonLocation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
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
	 * own directory, removed when the context closes.
	 */
	static final class Customizer implements ContextCustomizer {

		static final String CLIENT_BEAN_NAME = "udsRpcTestClient";

		static final String DIRECTORY_BEAN_NAME = "udsRpcTestRuntimeDirectory";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			TestRuntimeDirectory directory = TestRuntimeDirectory.create();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(
						new MapPropertySource("udsRpcTest", Map.of("udsrpc.runtime-dir", directory.path().toString())));
			// destroyed with the singletons, after the server's lifecycle has stopped and
			// removed its socket and PID file, also when the context fails to start
			context.getBeanFactory().registerSingleton(DIRECTORY_BEAN_NAME, directory);
			if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry singletons) {
				singletons.registerDisposableBean(DIRECTORY_BEAN_NAME, directory);
			}
			if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
				RootBeanDefinition definition = new RootBeanDefinition(UdsRpcClient.class, () -> connect(context));
				// created on injection, once the server has started with the context
				definition.setLazyInit(true);
				definition.setDestroyMethodName("close");
				registry.registerBeanDefinition(CLIENT_BEAN_NAME, definition);
			}
		}

		private static UdsRpcClient connect(ConfigurableApplicationContext context) {
			UdsRpcClient.Builder builder = UdsRpcClient.builder(context.getBean(DaemonLocation.class).socketPath());
			context.getBeanProvider(JsonMapper.class).ifAvailable(builder::jsonMapper);
			return builder.build();
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
