package dev.udsrpc.context;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import dev.udsrpc.daemon.internal.PidFileLock;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.protocol.UdsRpcException;

/**
 * The {@code status} command: whether the daemon runs, with LSB exit codes.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class StatusCommand {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final CommandContext context;

	StatusCommand(CommandContext context) {
		this.context = context;
	}

	int run() {
		try {
			PidFileLock.State state = this.context.daemon().pidFile();
			if (!state.exists()) {
				this.context.out().println(this.context.app() + " is not running");
				return DaemonCommands.NOT_RUNNING;
			}
			if (!state.locked()) {
				this.context.out()
					.println(this.context.app() + " is not running, but its PID file "
							+ this.context.settings().location().pidFile() + " remains"
							+ (state.pid().isPresent() ? " (PID " + state.pid().getAsLong() + ")" : ""));
				return DaemonCommands.FAILED;
			}
			return running();
		}
		catch (UntrustedDaemonException ex) {
			this.context.err().println(ex.getMessage());
			return DaemonCommands.UNKNOWN;
		}
	}

	private int running() {
		String app = this.context.app();
		String socket = this.context.settings().location().socketPath().toString();
		try (CommandConnection connection = this.context.daemon().connect()) {
			Map<?, ?> status = this.context.daemon().status(connection, TIMEOUT);
			OptionalLong pid = this.context.daemon().pid(status);
			if (pid.isEmpty()) {
				// it answered, and has ended since
				this.context.out().println(app + " is not running");
				return DaemonCommands.NOT_RUNNING;
			}
			this.context.out().println(app + " is running (PID " + pid.getAsLong() + ")");
			this.context.out().println("  socket:  " + socket);
			this.context.out()
				.println("  uptime:  "
						+ DaemonCommands.formatDuration(Duration.ofMillis(number(status, "uptimeMillis"))));
			// not counting the connection of this command
			this.context.out().println("  clients: " + Math.max(0, number(status, "clients") - 1));
			return DaemonCommands.OK;
		}
		catch (UdsRpcException ex) {
			// its PID file is locked, but it does not tell its PID: name none
			this.context.out()
				.println(app + " is running, but does not report its status on " + socket + ": " + ex.getMessage());
			return DaemonCommands.OK;
		}
		catch (UntrustedDaemonException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.context.out().println(app + " is running, but does not answer on " + socket + ": " + ex.getMessage());
			return DaemonCommands.OK;
		}
	}

	private static long number(Map<?, ?> status, String name) {
		return (status.get(name) instanceof CommandJson.JsonNumber number && number.isLong()) ? number.longValue() : 0;
	}

}
