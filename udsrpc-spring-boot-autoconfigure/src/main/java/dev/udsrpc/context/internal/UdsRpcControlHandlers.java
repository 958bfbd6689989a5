package dev.udsrpc.context.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.udsrpc.context.UdsRpcReloadTrigger;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.UdsRpcException;
import dev.udsrpc.server.UdsRpcServer;

/**
 * The RPC methods the command line uses: {@code udsrpc.status} and {@code udsrpc.reload}.
 * Served to the same peers as every other method.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcControlHandlers {

	/**
	 * How long {@code udsrpc.reload} waits for the reload to finish.
	 */
	private static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(1);

	private final UdsRpcServer server;

	private final DaemonLocation location;

	private final UdsRpcReloadTrigger reloadTrigger;

	/**
	 * Create the handlers.
	 * @param server the server
	 * @param location where the daemon lives
	 * @param reloadTrigger runs reloads
	 */
	public UdsRpcControlHandlers(UdsRpcServer server, DaemonLocation location, UdsRpcReloadTrigger reloadTrigger) {
		this.server = server;
		this.location = location;
		this.reloadTrigger = reloadTrigger;
	}

	/**
	 * Describe the running daemon.
	 * @return its name, PID, socket, start time, uptime and number of clients
	 */
	@UdsRpcHandler("udsrpc.status")
	public Map<String, Object> status() {
		ProcessHandle self = ProcessHandle.current();
		Instant started = self.info().startInstant().orElse(Instant.now());
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("app", this.location.appName());
		status.put("pid", self.pid());
		status.put("socket", this.location.socketPath().toString());
		status.put("started", started.toString());
		status.put("uptimeMillis", Duration.between(started, Instant.now()).toMillis());
		status.put("clients", this.server.connections().size());
		return status;
	}

	/**
	 * Reload, as on {@code SIGHUP}, and wait for the outcome.
	 * @return {@code {"reloaded":true}}
	 */
	@UdsRpcHandler("udsrpc.reload")
	public Map<String, Object> reload() {
		try {
			this.reloadTrigger.reload("reload command").get(RELOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return Map.of("reloaded", true);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
			throw new UdsRpcException(ErrorCodes.INTERNAL_ERROR, "reload failed: " + message);
		}
		catch (TimeoutException ex) {
			throw new UdsRpcException(ErrorCodes.INTERNAL_ERROR,
					"reload did not finish within " + RELOAD_TIMEOUT.toSeconds() + " s");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UdsRpcException(ErrorCodes.SHUTTING_DOWN, "interrupted");
		}
	}

}
