package dev.udsrpc.context;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.DaemonTrust;
import dev.udsrpc.daemon.PidFileLock;
import dev.udsrpc.daemon.UntrustedDaemonException;
import tools.jackson.databind.JsonNode;

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
	UdsRpcClient connect(Duration timeout) {
		this.trust.verifyRuntimeDirectory(this.location.runtimeDir());
		return UdsRpcClient.builder(this.location.socketPath())
			.timeout(timeout)
			.expectedServerUid(this.trust.owner())
			.build();
	}

	/**
	 * Ask the daemon for its status.
	 */
	JsonNode status(UdsRpcClient client) {
		return client.call("udsrpc.status", null);
	}

	/**
	 * Return the PID the daemon reports in its status, once it is known to be a process
	 * of the expected user; empty if that process is gone.
	 */
	OptionalLong pid(JsonNode status) {
		JsonNode pid = status.path("pid");
		Path socket = this.location.socketPath();
		if (!pid.canConvertToLong() || !pid.isIntegralNumber()) {
			throw new UntrustedDaemonException("the socket", socket, "reported no PID in its status: " + status);
		}
		long value = pid.asLong();
		return this.trust.verifyProcess(socket, value) ? OptionalLong.of(value) : OptionalLong.empty();
	}

}
