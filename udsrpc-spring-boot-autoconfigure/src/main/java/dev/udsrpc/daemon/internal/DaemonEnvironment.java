package dev.udsrpc.daemon.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The environment of a detached daemon. The caller's environment without what the service
 * manager meant for the caller alone ({@code LISTEN_*}, {@code NOTIFY_SOCKET},
 * {@code WATCHDOG_*}); for a daemon that runs as another user, an environment of that
 * user instead, as {@code su -} or systemd would give it: {@code HOME}, {@code USER},
 * {@code LOGNAME}, {@code SHELL} from the user database, a standard {@code PATH}, and of
 * the caller's only the locale, the time zone and the options the JVM reads from the
 * environment. Then the extra variables of the settings.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class DaemonEnvironment {

	/**
	 * The {@code PATH} of a daemon that runs as another user.
	 */
	public static final String USER_PATH = "/usr/local/bin:/usr/bin:/bin";

	private static final List<String> FOR_THE_CALLER_ONLY = List.of("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES",
			"NOTIFY_SOCKET", "WATCHDOG_PID", "WATCHDOG_USEC");

	private static final List<String> KEPT_FOR_ANOTHER_USER = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
			"_JAVA_OPTIONS", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ");

	private DaemonEnvironment() {
	}

	/**
	 * Return the environment of a detached daemon.
	 * @param current the caller's environment
	 * @param user the account the daemon runs as, or {@code null} for the caller's
	 * @param extra the extra variables of the settings, which win
	 * @return the environment
	 */
	public static Map<String, String> of(Map<String, String> current, @Nullable UserAccount user,
			Map<String, String> extra) {
		Objects.requireNonNull(current, "'current' must not be null");
		Objects.requireNonNull(extra, "'extra' must not be null");
		Map<String, String> environment = new LinkedHashMap<>();
		if (user == null) {
			environment.putAll(current);
			FOR_THE_CALLER_ONLY.forEach(environment::remove);
		}
		else {
			environment.put("HOME", user.home().toString());
			environment.put("USER", user.name());
			environment.put("LOGNAME", user.name());
			environment.put("SHELL", user.shell());
			environment.put("PATH", USER_PATH);
			for (String name : KEPT_FOR_ANOTHER_USER) {
				String value = current.get(name);
				if (value != null) {
					environment.put(name, value);
				}
			}
		}
		environment.putAll(extra);
		return environment;
	}

}
