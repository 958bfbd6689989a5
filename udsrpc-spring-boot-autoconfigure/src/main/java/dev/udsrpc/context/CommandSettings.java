package dev.udsrpc.context;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import org.jspecify.annotations.Nullable;

/**
 * Reads the settings of the commands from the sources the daemon reads them from: with
 * {@link CommandEnvironment} and {@link DaemonPropertiesBinder}, which start nothing of
 * Spring, or, when the configuration uses what only Spring Boot reads faithfully, from
 * the application's full Spring Boot environment ({@link SpringCommandSettings}).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class CommandSettings {

	private CommandSettings() {
	}

	/**
	 * Read the settings.
	 * @param source the application class
	 * @param options the {@code --name=value} arguments of the command
	 * @return the settings
	 * @throws IllegalArgumentException if a setting is invalid
	 */
	static UdsRpcDaemonSettings load(Class<?> source, List<String> options) {
		CommandEnvironment environment;
		try {
			environment = CommandEnvironment.load(source.getClassLoader(), options, System.getenv(), systemProperties(),
					Path.of("").toAbsolutePath());
		}
		catch (FullEnvironmentRequiredException ex) {
			return SpringCommandSettings.load(source, options);
		}
		return of(environment);
	}

	/**
	 * Resolve the settings of an environment.
	 * @param environment the environment
	 * @return the settings
	 */
	static UdsRpcDaemonSettings of(CommandEnvironment environment) {
		String appName = environment.get("udsrpc.app-name");
		if (!hasText(appName)) {
			appName = environment.get("spring.application.name");
		}
		if (!hasText(appName)) {
			appName = "udsrpc";
		}
		DaemonProperties properties = DaemonPropertiesBinder.bind(environment);
		return UdsRpcDaemonSettings.of(appName, path(environment, "udsrpc.runtime-dir"),
				path(environment, "udsrpc.server.socket-path"), properties);
	}

	private static @Nullable Path path(CommandEnvironment environment, String name) {
		String value = environment.get(name);
		return (value != null) ? DaemonPropertiesBinder.path(value) : null;
	}

	private static boolean hasText(@Nullable String text) {
		return text != null && !text.isBlank();
	}

	private static Map<String, String> systemProperties() {
		Properties properties = System.getProperties();
		Map<String, String> result = new LinkedHashMap<>();
		for (String name : properties.stringPropertyNames()) {
			result.put(name, properties.getProperty(name));
		}
		return result;
	}

}
