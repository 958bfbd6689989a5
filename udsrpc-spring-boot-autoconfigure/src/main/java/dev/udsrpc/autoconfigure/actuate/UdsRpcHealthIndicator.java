package dev.udsrpc.autoconfigure.actuate;

import dev.udsrpc.context.UdsRpcServerLifecycle;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.server.UdsRpcServer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} of a udsrpc daemon: {@code UP} while the server accepts
 * connections, {@code DOWN} otherwise. Details: the socket, the number of connections,
 * the PID file and whether this process holds its lock.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcHealthIndicator extends AbstractHealthIndicator {

	private final UdsRpcServer server;

	private final DaemonLocation location;

	private final @Nullable UdsRpcServerLifecycle lifecycle;

	/**
	 * Create a new health indicator.
	 * @param server the server
	 * @param location where the daemon keeps its files
	 * @param lifecycle the lifecycle that holds the PID lock, or {@code null} if the
	 * server is not run by one
	 */
	public UdsRpcHealthIndicator(UdsRpcServer server, DaemonLocation location,
			@Nullable UdsRpcServerLifecycle lifecycle) {
		super("udsrpc health check failed");
		Assert.notNull(server, "'server' must not be null");
		Assert.notNull(location, "'location' must not be null");
		this.server = server;
		this.location = location;
		this.lifecycle = lifecycle;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.server.isRunning()) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("socket", this.server.socketPath().toString())
			.withDetail("connections", this.server.connections().size())
			.withDetail("pidFile", this.location.pidFile().toString());
		if (this.lifecycle != null) {
			builder.withDetail("pidLockHeld", this.lifecycle.isPidLockHeld());
		}
	}

}
