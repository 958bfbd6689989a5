package dev.udsrpc.context;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.daemon.internal.DaemonTrust;
import dev.udsrpc.daemon.internal.PidFileLock;

/**
 * The daemon of the settings as the commands see it: through its files and socket, each
 * checked with {@link DaemonTrust} before it is believed. Every method may throw an
 * {@link UntrustedDaemonException}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class VerifiedDaemon {

	private final DaemonLocation location;

	private final DaemonTrust trust;

	VerifiedDaemon(UdsRpcDaemonSettings settings) {
		this.location = settings.location();
		this.trust = settings.trust();
	}

	DaemonLocation location() {
		return this.location;
	}

	DaemonTrust trust() {
		return this.trust;
	}

	/**
	 * Inspect the PID file, once the runtime directory and the PID file are trusted.
	 */
	PidFileLock.State pidFile() {
		this.trust.verifyRuntimeDirectory(this.location.runtimeDir());
		if (!this.trust.verifyPidFile(this.location.pidFile())) {
			return new PidFileLock.State(false, false, OptionalLong.empty());
		}
		return PidFileLock.inspect(this.location.pidFile());
	}

	/**
	 * Connect to the daemon, once the runtime directory is trusted, and only if its
	 * server runs as the expected user or root.
	 */
	CommandConnection connect() {
		this.trust.verifyRuntimeDirectory(this.location.runtimeDir());
		return CommandConnection.open(this.location.socketPath(), this.trust, this.location.runtimeDir());
	}

	/**
	 * Ask the daemon for its status.
	 */
	Map<?, ?> status(CommandConnection connection, Duration timeout) {
		Object status = connection.call("udsrpc.status", null, timeout);
		if (!(status instanceof Map<?, ?> map)) {
			throw new UntrustedDaemonException("the socket", this.location.socketPath(),
					"reported no status: " + CommandJson.write(status));
		}
		return map;
	}

	/**
	 * Return the PID the daemon reports in its status, once it is known to be a process
	 * of the expected user; empty if that process is gone.
	 */
	OptionalLong pid(Map<?, ?> status) {
		Path socket = this.location.socketPath();
		if (!(status.get("pid") instanceof CommandJson.JsonNumber pid) || !pid.isLong()) {
			throw new UntrustedDaemonException("the socket", socket,
					"reported no PID in its status: " + CommandJson.write(status));
		}
		long value = pid.longValue();
		return this.trust.verifyProcess(socket, value) ? OptionalLong.of(value) : OptionalLong.empty();
	}

}
