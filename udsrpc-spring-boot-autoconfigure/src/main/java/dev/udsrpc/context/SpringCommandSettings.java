package dev.udsrpc.context;

import java.util.List;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Reads the settings of the commands from the application's full Spring Boot environment
 * (configuration data with imports, profile groups and every other feature), creating
 * none of its beans: slower than {@link CommandEnvironment}, for the configurations it
 * does not read itself.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class SpringCommandSettings {

	private SpringCommandSettings() {
	}

	static UdsRpcDaemonSettings load(Class<?> source, List<String> options) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SettingsOnly.class)
			.resourceLoader(new DefaultResourceLoader(source.getClassLoader()))
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties("logging.level.root=WARN", "spring.main.lazy-initialization=true");
		try (ConfigurableApplicationContext context = builder.run(options.toArray(String[]::new))) {
			return UdsRpcDaemonSettings.of(context.getEnvironment());
		}
	}

	/**
	 * An empty configuration, so that loading the settings creates no bean of the
	 * application.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SettingsOnly {

	}

}
