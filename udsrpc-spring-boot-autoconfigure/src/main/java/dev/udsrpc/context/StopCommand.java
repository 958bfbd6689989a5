package dev.udsrpc.context;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.udsrpc.daemon.internal.ProcessExit;
import dev.udsrpc.daemon.UntrustedDaemonException;

/**
 * The {@code stop} command: signal the PID the verified daemon reports with
 * {@code SIGTERM}, and wait until that process is gone.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class StopCommand {

	private final CommandContext context;

	StopCommand(CommandContext context) {
		this.context = context;
	}

	int run() {
		String app = this.context.app();
		long pid;
		try {
			if (!this.context.daemon().pidFile().locked()) {
				this.context.out().println(app + " is not running");
				return DaemonCommands.OK;
			}
			OptionalLong reported;
			try (CommandConnection connection = this.context.daemon().connect()) {
				Map<?, ?> status = this.context.daemon().status(connection, StatusCommand.TIMEOUT);
				reported = this.context.daemon().pid(status);
			}
			if (reported.isEmpty()) {
				this.context.out().println(app + " is not running");
				return DaemonCommands.OK;
			}
			pid = reported.getAsLong();
		}
		catch (UntrustedDaemonException ex) {
			this.context.err().println(ex.getMessage());
			return DaemonCommands.FAILED;
		}
		catch (RuntimeException ex) {
			this.context.err()
				.println("Cannot stop " + app + ": it does not report its PID on "
						+ this.context.settings().location().socketPath() + " (" + ex.getMessage()
						+ "), and a PID file alone is not trusted");
			return DaemonCommands.FAILED;
		}
		return terminate(pid);
	}

	private int terminate(long pid) {
		String app = this.context.app();
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		if (process.isEmpty()) {
			this.context.out().println(app + " is not running");
			return DaemonCommands.OK;
		}
		ProcessExit exit = ProcessExit.of(process.get());
		process.get().destroy();
		boolean gone;
		try {
			gone = exit.await(this.context.settings().stopTimeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.context.err().println("Interrupted while stopping " + app + " (PID " + pid + ")");
			return DaemonCommands.FAILED;
		}
		if (!gone) {
			this.context.err()
				.println(app + " (PID " + pid + ") did not stop within "
						+ DaemonCommands.formatDuration(this.context.settings().stopTimeout())
						+ "; it is still running");
			return DaemonCommands.FAILED;
		}
		this.context.out().println("Stopped " + app + " (PID " + pid + ")");
		return DaemonCommands.OK;
	}

}
