package dev.udsrpc.context;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The settings of a daemon ({@code udsrpc.daemon.*}) and their defaults: the one type
 * that the auto-configuration nests in its properties and that the command line binds, so
 * the daemon and its commands agree on every value.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class DaemonProperties {

	/**
	 * The JVM options of a daemon started with 'start' unless
	 * {@code udsrpc.daemon.jvm-options} is set, chosen by measurement for a small and
	 * quiet idle daemon that loses no throughput once warm (see docs/daemon.md): the
	 * serial collector with a small heap kept tight, the C2 compiler alone on one thread
	 * (less compiled code and compiler memory than tiered compilation), no performance
	 * counters (sampled 20 times a second), no periodic safepoints, idle monitors
	 * deflated once a minute rather than checked four times a second, and the native heap
	 * trimmed every 5 seconds. Options a JVM does not know (such as the trimming before
	 * 17.0.9) are ignored.
	 */
	public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
			"-XX:+UseSerialGC", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
			"-XX:-TieredCompilation", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-XX:TrimNativeHeapInterval=5000",
			"-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=0", "-XX:AsyncDeflationInterval=60000");

	/**
	 * Path of the PID file that holds the single-instance lock. Defaults to
	 * <runtime-dir>/<app-name>.pid.
	 */
	private @Nullable Path pidFile;

	/**
	 * File that a daemon started with 'start' writes its console output to (output before
	 * logging starts, crashes). Its log goes to logging.file.name, by default <app>.log
	 * beside this file. Defaults to $XDG_STATE_HOME/<app>/<app>.out, else
	 * ~/.local/state/<app>/<app>.out.
	 */
	private @Nullable Path logFile;

	/**
	 * How long 'start' waits for the daemon to answer on its socket.
	 */
	private Duration startTimeout = Duration.ofSeconds(60);

	/**
	 * How long 'stop' waits for the daemon to exit.
	 */
	private Duration stopTimeout = Duration.ofSeconds(60);

	/**
	 * Whether SIGHUP reloads (publishes UdsRpcReloadEvent, then broadcasts
	 * ConfigReloaded) instead of ending the process.
	 */
	private boolean reloadOnSighup = true;

	/**
	 * Whether to notify the service manager (READY, RELOADING, STOPPING, WATCHDOG) when
	 * NOTIFY_SOCKET is set.
	 */
	private boolean systemdNotify = true;

	/**
	 * Working directory of a daemon started with 'start'. Defaults to the current
	 * directory.
	 */
	private @Nullable Path workingDirectory;

	/**
	 * Umask (octal, for example 027) of a daemon started with 'start'. Defaults to 027:
	 * files 0640, directories 0750.
	 */
	private @Nullable String umask;

	/**
	 * Extra environment variables of a daemon started with 'start'.
	 */
	private Map<String, String> environment = new LinkedHashMap<>();

	/**
	 * Extra arguments of a daemon started with 'start'.
	 */
	private List<String> arguments = new ArrayList<>();

	/**
	 * JVM options of a daemon started with 'start', before those given to the 'start'
	 * command itself (which win). The default keeps an idle daemon small and quiet: the
	 * serial collector with a small heap, the C2 compiler alone, no performance counters,
	 * no periodic safepoints, monitor deflation once a minute, the native heap trimmed
	 * every 5 s. Set it to an empty value for the JVM's defaults.
	 */
	private List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);

	/**
	 * Whether 'start' runs the daemon with an AOT cache (JDK 24 or later, JEP 483): the
	 * first 'start' of each build of the application trains one (it runs the application
	 * once, until it serves), later ones start from it. Ignored on older JDKs.
	 */
	private boolean aotCache;

	/**
	 * Directory of the AOT caches (and the extracted application they need). Defaults to
	 * $XDG_CACHE_HOME/<app>, else ~/.cache/<app>.
	 */
	private @Nullable Path cacheDirectory;

	/**
	 * User a daemon started with 'start' by root runs as. The commands then expect the
	 * daemon, its runtime directory and its PID file to belong to this user.
	 */
	private @Nullable String user;

	/**
	 * Group a daemon started with 'start' by root runs as. Defaults to the user's primary
	 * group.
	 */
	private @Nullable String group;

	public @Nullable Path getPidFile() {
		return this.pidFile;
	}

	public void setPidFile(@Nullable Path pidFile) {
		this.pidFile = pidFile;
	}

	public @Nullable Path getLogFile() {
		return this.logFile;
	}

	public void setLogFile(@Nullable Path logFile) {
		this.logFile = logFile;
	}

	public Duration getStartTimeout() {
		return this.startTimeout;
	}

	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

	public Duration getStopTimeout() {
		return this.stopTimeout;
	}

	public void setStopTimeout(Duration stopTimeout) {
		this.stopTimeout = stopTimeout;
	}

	public boolean isReloadOnSighup() {
		return this.reloadOnSighup;
	}

	public void setReloadOnSighup(boolean reloadOnSighup) {
		this.reloadOnSighup = reloadOnSighup;
	}

	public boolean isSystemdNotify() {
		return this.systemdNotify;
	}

	public void setSystemdNotify(boolean systemdNotify) {
		this.systemdNotify = systemdNotify;
	}

	public @Nullable Path getWorkingDirectory() {
		return this.workingDirectory;
	}

	public void setWorkingDirectory(@Nullable Path workingDirectory) {
		this.workingDirectory = workingDirectory;
	}

	public @Nullable String getUmask() {
		return this.umask;
	}

	public void setUmask(@Nullable String umask) {
		this.umask = umask;
	}

	public Map<String, String> getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(Map<String, String> environment) {
		this.environment = environment;
	}

	public List<String> getArguments() {
		return this.arguments;
	}

	public void setArguments(List<String> arguments) {
		this.arguments = arguments;
	}

	public List<String> getJvmOptions() {
		return this.jvmOptions;
	}

	public void setJvmOptions(List<String> jvmOptions) {
		this.jvmOptions = jvmOptions;
	}

	public boolean isAotCache() {
		return this.aotCache;
	}

	public void setAotCache(boolean aotCache) {
		this.aotCache = aotCache;
	}

	public @Nullable Path getCacheDirectory() {
		return this.cacheDirectory;
	}

	public void setCacheDirectory(@Nullable Path cacheDirectory) {
		this.cacheDirectory = cacheDirectory;
	}

	public @Nullable String getUser() {
		return this.user;
	}

	public void setUser(@Nullable String user) {
		this.user = user;
	}

	public @Nullable String getGroup() {
		return this.group;
	}

	public void setGroup(@Nullable String group) {
		this.group = group;
	}

}
