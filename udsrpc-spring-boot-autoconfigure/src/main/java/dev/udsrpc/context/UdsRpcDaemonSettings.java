package dev.udsrpc.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.udsrpc.daemon.DaemonEnvironment;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.DaemonTrust;
import dev.udsrpc.daemon.PosixUser;
import dev.udsrpc.daemon.RuntimeDirectory;
import dev.udsrpc.daemon.UserAccount;
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
 * <p>
 * {@link #of(Environment)} resolves the settings as the commands see them: for the user
 * the daemon runs as ({@code udsrpc.daemon.user}, else the current user) and with the
 * environment a detached daemon gets, so that {@code start} waits where the daemon it
 * starts serves, and every command finds it there.
 *
 * @param location where the daemon keeps its socket and PID file
 * @param logFile the file a detached daemon writes its output to
 * @param startTimeout how long {@code start} waits for the daemon to answer
 * @param stopTimeout how long {@code stop} waits for the daemon to exit
 * @param workingDirectory the working directory of a detached daemon, or {@code null} to
 * keep the current one
 * @param umask the umask of a detached daemon (octal), or {@code null} for
 * {@link dev.udsrpc.daemon.DaemonCommandLine#DEFAULT_UMASK}
 * @param environment extra environment variables of a detached daemon
 * @param arguments extra arguments of a detached daemon
 * @param user the user a detached daemon runs as when started by root, or {@code null}
 * @param group the group a detached daemon runs as when started by root, or {@code null}
 * for the user's primary group
 * @param account the account of {@code user} (with {@code group}) when it is not the
 * current user and group, or {@code null}
 * @author udsrpc authors
 * @since 0.1.0
 */
public record UdsRpcDaemonSettings(DaemonLocation location, Path logFile, Duration startTimeout, Duration stopTimeout,
		@Nullable Path workingDirectory, @Nullable String umask, Map<String, String> environment,
		List<String> arguments, @Nullable String user, @Nullable String group, @Nullable UserAccount account) {

	private static final String DEFAULT_APP_NAME = "udsrpc";

	/**
	 * Read the settings as the commands see them, looking up {@code udsrpc.daemon.user}
	 * and {@code udsrpc.daemon.group} in the user database.
	 * @param environment the environment
	 * @return the settings
	 * @throws IllegalArgumentException if the user or the group does not exist
	 */
	public static UdsRpcDaemonSettings of(Environment environment) {
		Binder binder = Binder.get(environment);
		String appName = appName(environment);
		String user = binder.bind("udsrpc.daemon.user", String.class).orElse(null);
		String group = binder.bind("udsrpc.daemon.group", String.class).orElse(null);
		UserAccount account = account(user, group);
		Map<String, String> extra = binder.bind("udsrpc.daemon.environment", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		// what the detached daemon will see, so resolve where it will serve and log
		Map<String, String> daemonEnvironment = DaemonEnvironment.of(System.getenv(), account, extra);
		long uid = (account != null) ? account.uid() : PosixUser.currentUid();
		Path runtimeDir = path(binder, "udsrpc.runtime-dir");
		if (runtimeDir == null) {
			runtimeDir = RuntimeDirectory.defaultPath(appName, daemonEnvironment, System.getProperty("java.io.tmpdir"),
					uid);
		}
		DaemonLocation location = DaemonLocation.resolve(appName, runtimeDir, path(binder, "udsrpc.server.socket-path"),
				path(binder, "udsrpc.daemon.pid-file"));
		Path logFile = path(binder, "udsrpc.daemon.log-file");
		if (logFile == null) {
			logFile = stateDirectory(appName, daemonEnvironment, account, location).resolve(appName + ".out");
		}
		return new UdsRpcDaemonSettings(location, logFile.toAbsolutePath(),
				binder.bind("udsrpc.daemon.start-timeout", Duration.class).orElse(Duration.ofSeconds(60)),
				binder.bind("udsrpc.daemon.stop-timeout", Duration.class).orElse(Duration.ofSeconds(60)),
				path(binder, "udsrpc.daemon.working-directory"),
				binder.bind("udsrpc.daemon.umask", String.class).orElse(null), extra,
				binder.bind("udsrpc.daemon.arguments", Bindable.listOf(String.class)).orElse(List.of()), user, group,
				account);
	}

	/**
	 * Resolve where the daemon run by the current process lives.
	 * @param environment the environment
	 * @return the location
	 */
	public static DaemonLocation location(Environment environment) {
		Binder binder = Binder.get(environment);
		return DaemonLocation.resolve(appName(environment), path(binder, "udsrpc.runtime-dir"),
				path(binder, "udsrpc.server.socket-path"), path(binder, "udsrpc.daemon.pid-file"));
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

	/**
	 * Return what clients and commands check before they trust the daemon: that it runs
	 * as {@code user}, else as the current user.
	 * @return the checks
	 */
	public DaemonTrust trust() {
		return DaemonTrust.owner((this.account != null) ? this.account.uid() : PosixUser.currentUid());
	}

	/**
	 * Return the environment of a detached daemon.
	 * @param current the environment of the caller
	 * @return the environment
	 */
	public Map<String, String> daemonEnvironment(Map<String, String> current) {
		return DaemonEnvironment.of(current, this.account, this.environment);
	}

	private static @Nullable UserAccount account(@Nullable String user, @Nullable String group) {
		if (!StringUtils.hasText(user)) {
			return null;
		}
		UserAccount account;
		try {
			account = UserAccount.lookup(user);
			if (StringUtils.hasText(group)) {
				account = account.withGid(UserAccount.groupId(group));
			}
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(ex.getMessage() + (StringUtils.hasText(group)
					? " (udsrpc.daemon.user, udsrpc.daemon.group)" : " (udsrpc.daemon.user)"), ex);
		}
		boolean same = account.uid() == PosixUser.currentUid() && account.gid() == PosixUser.currentGid();
		return same ? null : account;
	}

	private static @Nullable Path path(Binder binder, String name) {
		return binder.bind(name, Path.class).orElse(null);
	}

	/**
	 * Return the state directory of the daemon's user: {@code $XDG_STATE_HOME/<app>},
	 * else {@code ~/.local/state/<app>}; for a user without a home directory (such as
	 * {@code nobody}), the runtime directory.
	 */
	private static Path stateDirectory(String appName, Map<String, String> environment, @Nullable UserAccount account,
			DaemonLocation location) {
		String state = environment.get("XDG_STATE_HOME");
		if (StringUtils.hasText(state)) {
			return Path.of(state).resolve(appName);
		}
		Path home = (account != null) ? account.home() : Path.of(System.getProperty("user.home"));
		if (account != null && !Files.isDirectory(home)) {
			return location.runtimeDir();
		}
		return home.resolve(".local").resolve("state").resolve(appName);
	}

}
