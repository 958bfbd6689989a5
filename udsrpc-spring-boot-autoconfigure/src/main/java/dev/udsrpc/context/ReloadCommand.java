package dev.udsrpc.context;

import java.time.Duration;

import dev.udsrpc.protocol.UdsRpcException;

/**
 * The {@code reload} command: reload the daemon's configuration, as {@code SIGHUP} does,
 * and report the outcome.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ReloadCommand {

	/**
	 * Longer than the daemon waits for its reload to finish.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private final CommandContext context;

	ReloadCommand(CommandContext context) {
		this.context = context;
	}

	int run() {
		try (CommandConnection connection = DaemonCommands.connectOrExplain(this.context)) {
			if (connection == null) {
				return DaemonCommands.FAILED;
			}
			connection.call("udsrpc.reload", null, TIMEOUT);
			this.context.out().println("Reloaded " + this.context.app());
			return DaemonCommands.OK;
		}
		catch (UdsRpcException ex) {
			this.context.err().println("Reload of " + this.context.app() + " failed: " + ex.getMessage());
			return DaemonCommands.FAILED;
		}
		catch (RuntimeException ex) {
			this.context.err().println("Reload of " + this.context.app() + " failed: " + ex.getMessage());
			return DaemonCommands.FAILED;
		}
	}

}
