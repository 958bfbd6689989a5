package dev.udsrpc.context;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.udsrpc.daemon.DaemonLocation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The daemon settings ({@code udsrpc.app-name}, {@code udsrpc.runtime-dir},
 * {@code udsrpc.server.socket-path}, {@code udsrpc.daemon.*}) read from an
 * {@link Environment}: the one place where the daemon, its command line and the
 * auto-configuration find where the daemon lives, so the same settings find the same
 * daemon.
 *
 * @param location where the daemon keeps its socket and PID file
 * @param logFile the file a detached daemon writes its output to
 * @param startTimeout how long {@code start} waits for the daemon to answer
 * @param stopTimeout how long {@code stop} waits for the daemon to exit
 * @param workingDirectory the working directory of a detached daemon, or {@code null} to
 * keep the current one
 * @param umask the umask of a detached daemon (octal), or {@code null} to keep the
 * current one
 * @param environment extra environment variables of a detached daemon
 * @param arguments extra arguments of a detached daemon
 * @param user the user a detached daemon runs as when started by root, or {@code null}
 * @param group the group a detached daemon runs as when started by root, or {@code null}
 * @author udsrpc authors
 * @since 0.1.0
 */
public record UdsRpcDaemonSettings(DaemonLocation location, Path logFile, Duration startTimeout, Duration stopTimeout,
		@Nullable Path workingDirectory, @Nullable String umask, Map<String, String> environment,
		List<String> arguments, @Nullable String user, @Nullable String group) {

	private static final String DEFAULT_APP_NAME = "udsrpc";

	/**
	 * Read the settings.
	 * @param environment the environment
	 * @return the settings
	 */
	public static UdsRpcDaemonSettings of(Environment environment) {
		Binder binder = Binder.get(environment);
		String appName = appName(environment);
		DaemonLocation location = DaemonLocation.resolve(appName, path(binder, "udsrpc.runtime-dir"),
				path(binder, "udsrpc.server.socket-path"), path(binder, "udsrpc.daemon.pid-file"));
		Path logFile = path(binder, "udsrpc.daemon.log-file");
		if (logFile == null) {
			logFile = stateDirectory(appName).resolve(appName + ".out");
		}
		return new UdsRpcDaemonSettings(location, logFile.toAbsolutePath(),
				binder.bind("udsrpc.daemon.start-timeout", Duration.class).orElse(Duration.ofSeconds(60)),
				binder.bind("udsrpc.daemon.stop-timeout", Duration.class).orElse(Duration.ofSeconds(60)),
				path(binder, "udsrpc.daemon.working-directory"),
				binder.bind("udsrpc.daemon.umask", String.class).orElse(null),
				binder.bind("udsrpc.daemon.environment", Bindable.mapOf(String.class, String.class)).orElse(Map.of()),
				binder.bind("udsrpc.daemon.arguments", Bindable.listOf(String.class)).orElse(List.of()),
				binder.bind("udsrpc.daemon.user", String.class).orElse(null),
				binder.bind("udsrpc.daemon.group", String.class).orElse(null));
	}

	/**
	 * Resolve where the daemon lives.
	 * @param environment the environment
	 * @return the location
	 */
	public static DaemonLocation location(Environment environment) {
		return of(environment).location();
	}

	/**
	 * Return the name of the daemon: {@code udsrpc.app-name}, else
	 * {@code spring.application.name}, else {@code udsrpc}.
	 * @param environment the environment
	 * @return the name
	 */
	public static String appName(Environment environment) {
		String name = environment.getProperty("udsrpc.app-name");
		if (!StringUtils.hasText(name)) {
			name = environment.getProperty("spring.application.name");
		}
		return StringUtils.hasText(name) ? name : DEFAULT_APP_NAME;
	}

	private static @Nullable Path path(Binder binder, String name) {
		return binder.bind(name, Path.class).orElse(null);
	}

	private static Path stateDirectory(String appName) {
		String state = System.getenv("XDG_STATE_HOME");
		Path base = StringUtils.hasText(state) ? Path.of(state)
				: Path.of(System.getProperty("user.home"), ".local", "state");
		return base.resolve(appName);
	}

}
