package dev.udsrpc.daemon;

import java.nio.file.Path;
import java.util.Objects;

import dev.udsrpc.daemon.internal.RuntimeDirectory;
import org.jspecify.annotations.Nullable;

/**
 * Where a daemon keeps its files: the runtime directory, the socket and the PID file.
 * Resolved the same way by the daemon, its command line and its clients, so that the same
 * settings find the same daemon.
 *
 * @param appName the name of the daemon
 * @param runtimeDir the runtime directory
 * @param socketPath the socket
 * @param pidFile the PID file
 * @author udsrpc authors
 * @since 0.1.0
 */
public record DaemonLocation(String appName, Path runtimeDir, Path socketPath, Path pidFile) {

	/**
	 * Create a location.
	 * @param appName the name of the daemon
	 * @param runtimeDir the runtime directory
	 * @param socketPath the socket
	 * @param pidFile the PID file
	 */
	public DaemonLocation {
		Objects.requireNonNull(appName, "'appName' must not be null");
		Objects.requireNonNull(runtimeDir, "'runtimeDir' must not be null");
		Objects.requireNonNull(socketPath, "'socketPath' must not be null");
		Objects.requireNonNull(pidFile, "'pidFile' must not be null");
	}

	/**
	 * Resolve the location of a daemon: {@code <runtime-dir>/<app>.sock} and
	 * {@code <runtime-dir>/<app>.pid} unless given, with the runtime directory defaulting
	 * to {@code $XDG_RUNTIME_DIR/<app>}, else {@code <java.io.tmpdir>/<app>-<uid>}.
	 * @param appName the name of the daemon
	 * @param runtimeDir the runtime directory or {@code null} for the default
	 * @param socketPath the socket or {@code null} for the default
	 * @param pidFile the PID file or {@code null} for the default
	 * @return the location, with absolute paths
	 */
	public static DaemonLocation resolve(String appName, @Nullable Path runtimeDir, @Nullable Path socketPath,
			@Nullable Path pidFile) {
		Path dir = ((runtimeDir != null) ? runtimeDir : RuntimeDirectory.defaultPath(appName)).toAbsolutePath();
		Path socket = (socketPath != null) ? socketPath.toAbsolutePath() : dir.resolve(appName + ".sock");
		Path pid = (pidFile != null) ? pidFile.toAbsolutePath() : dir.resolve(appName + ".pid");
		return new DaemonLocation(appName, dir, socket, pid);
	}

	/**
	 * Resolve the default location of a daemon.
	 * @param appName the name of the daemon
	 * @return the location
	 */
	public static DaemonLocation of(String appName) {
		return resolve(appName, null, null, null);
	}

}
