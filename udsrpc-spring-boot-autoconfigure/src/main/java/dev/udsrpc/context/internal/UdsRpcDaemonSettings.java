package dev.udsrpc.context.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.udsrpc.context.DaemonProperties;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.internal.DaemonEnvironment;
import dev.udsrpc.daemon.internal.DaemonTrust;
import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.daemon.internal.RuntimeDirectory;
import dev.udsrpc.daemon.internal.UserAccount;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The daemon settings ({@code udsrpc.app-name}, {@code udsrpc.runtime-dir},
 * {@code udsrpc.server.socket-path} and the {@link DaemonProperties} of
 * {@code udsrpc.daemon.*}), resolved: the one place where the daemon, its command line
 * and the auto-configuration find where the daemon lives, so the same settings find the
 * same daemon.
 * <p>
 * The settings are resolved as the commands see them: for the user the daemon runs as
 * ({@code udsrpc.daemon.user}, else the current user) and with the environment a detached
 * daemon gets, so that {@code start} waits where the daemon it starts serves, and every
 * command finds it there.
 *
 * @param location where the daemon keeps its socket and PID file
 * @param logFile the file a detached daemon writes its output to
 * @param properties the daemon properties as bound
 * @param account the account of {@code udsrpc.daemon.user} (with
 * {@code udsrpc.daemon.group}) when it is not the current user and group, or {@code null}
 * @author udsrpc authors
 * @since 0.1.0
 */
public record UdsRpcDaemonSettings(DaemonLocation location, Path logFile, DaemonProperties properties,
		@Nullable UserAccount account) {

	private static final String DEFAULT_APP_NAME = "udsrpc";

	/**
	 * Read the settings from a Spring environment, binding {@code udsrpc.daemon} with its
	 * binder, and looking up {@code udsrpc.daemon.user} and {@code udsrpc.daemon.group}
	 * in the user database.
	 * @param environment the environment
	 * @return the settings
	 * @throws IllegalArgumentException if the user or the group does not exist
	 */
	public static UdsRpcDaemonSettings of(Environment environment) {
		Binder binder = Binder.get(environment);
		DaemonProperties properties = binder.bind("udsrpc.daemon", Bindable.ofInstance(new DaemonProperties()))
			.orElseGet(DaemonProperties::new);
		return of(appName(environment), path(binder, "udsrpc.runtime-dir"), path(binder, "udsrpc.server.socket-path"),
				properties);
	}

	/**
	 * Resolve the settings, looking up {@code udsrpc.daemon.user} and
	 * {@code udsrpc.daemon.group} in the user database.
	 * @param appName the name of the daemon
	 * @param runtimeDir {@code udsrpc.runtime-dir}, or {@code null} for the default
	 * @param socketPath {@code udsrpc.server.socket-path}, or {@code null} for the
	 * default
	 * @param properties the daemon properties
	 * @return the settings
	 * @throws IllegalArgumentException if the user or the group does not exist
	 */
	public static UdsRpcDaemonSettings of(String appName, @Nullable Path runtimeDir, @Nullable Path socketPath,
			DaemonProperties properties) {
		UserAccount account = account(properties.getUser(), properties.getGroup());
		// what the detached daemon will see, so resolve where it will serve and log
		Map<String, String> daemonEnvironment = DaemonEnvironment.of(System.getenv(), account,
				properties.getEnvironment());
		long uid = (account != null) ? account.uid() : PosixUser.currentUid();
		Path dir = runtimeDir;
		if (dir == null) {
			dir = RuntimeDirectory.defaultPath(appName, daemonEnvironment, System.getProperty("java.io.tmpdir"), uid);
		}
		DaemonLocation location = DaemonLocation.resolve(appName, dir, socketPath, properties.getPidFile());
		Path logFile = properties.getLogFile();
		if (logFile == null) {
			logFile = userDirectory(daemonEnvironment, "XDG_STATE_HOME", ".local/state", appName, account, location)
				.resolve(appName + ".out");
		}
		return new UdsRpcDaemonSettings(location, logFile.toAbsolutePath(), properties, account);
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
		if (!hasText(name)) {
			name = environment.getProperty("spring.application.name");
		}
		return hasText(name) ? name : DEFAULT_APP_NAME;
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
		return DaemonEnvironment.of(current, this.account, this.properties.getEnvironment());
	}

	private static @Nullable UserAccount account(@Nullable String user, @Nullable String group) {
		if (!hasText(user)) {
			return null;
		}
		UserAccount account;
		try {
			account = UserAccount.lookup(user);
			if (hasText(group)) {
				account = account.withGid(UserAccount.groupId(group));
			}
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					ex.getMessage()
							+ (hasText(group) ? " (udsrpc.daemon.user, udsrpc.daemon.group)" : " (udsrpc.daemon.user)"),
					ex);
		}
		boolean same = account.uid() == PosixUser.currentUid() && account.gid() == PosixUser.currentGid();
		return same ? null : account;
	}

	private static boolean hasText(@Nullable String text) {
		return text != null && !text.isBlank();
	}

	private static @Nullable Path path(Binder binder, String name) {
		return binder.bind(name, Path.class).orElse(null);
	}

	/**
	 * Return a directory of the daemon's user: {@code $<variable>/<app>}, else
	 * {@code ~/<fallback>/<app>}; for a user without a home directory (such as
	 * {@code nobody}), the runtime directory.
	 */
	private static Path userDirectory(Map<String, String> environment, String variable, String fallback, String appName,
			@Nullable UserAccount account, DaemonLocation location) {
		String value = environment.get(variable);
		if (hasText(value)) {
			return Path.of(value).resolve(appName);
		}
		Path home = (account != null) ? account.home() : Path.of(System.getProperty("user.home"));
		if (account != null && !Files.isDirectory(home)) {
			return location.runtimeDir();
		}
		return home.resolve(fallback).resolve(appName);
	}

	/**
	 * Return the directory of the AOT caches of a detached daemon:
	 * {@code udsrpc.daemon.cache-directory}, else {@code $XDG_CACHE_HOME/<app>}, else
	 * {@code ~/.cache/<app>}.
	 * @return the directory
	 */
	public Path cacheDirectory() {
		Path configured = this.properties.getCacheDirectory();
		if (configured != null) {
			return configured.toAbsolutePath();
		}
		return userDirectory(daemonEnvironment(System.getenv()), "XDG_CACHE_HOME", ".cache", this.location.appName(),
				this.account, this.location)
			.toAbsolutePath();
	}

	/**
	 * Return how long {@code start} waits for the daemon to answer.
	 * @return {@code udsrpc.daemon.start-timeout}
	 */
	public Duration startTimeout() {
		return this.properties.getStartTimeout();
	}

	/**
	 * Return how long {@code stop} waits for the daemon to exit.
	 * @return {@code udsrpc.daemon.stop-timeout}
	 */
	public Duration stopTimeout() {
		return this.properties.getStopTimeout();
	}

	/**
	 * Return the umask of a detached daemon.
	 * @return {@code udsrpc.daemon.umask}, or {@code null} for the default
	 */
	public @Nullable String umask() {
		return this.properties.getUmask();
	}

	/**
	 * Return the user a detached daemon runs as.
	 * @return {@code udsrpc.daemon.user}, or {@code null}
	 */
	public @Nullable String user() {
		return this.properties.getUser();
	}

}
