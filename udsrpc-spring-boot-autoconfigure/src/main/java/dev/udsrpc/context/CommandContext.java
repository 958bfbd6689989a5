package dev.udsrpc.context;

import java.io.PrintStream;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;

/**
 * What every command works with: the settings, the daemon they locate, and where to
 * report.
 *
 * @param settings the settings
 * @param daemon the daemon
 * @param out the standard output
 * @param err the standard error
 * @author udsrpc authors
 * @since 0.1.0
 */
record CommandContext(UdsRpcDaemonSettings settings, VerifiedDaemon daemon, PrintStream out, PrintStream err) {

	static CommandContext of(UdsRpcDaemonSettings settings, PrintStream out, PrintStream err) {
		return new CommandContext(settings, new VerifiedDaemon(settings), out, err);
	}

	/**
	 * Return the name of the daemon.
	 */
	String app() {
		return this.settings.location().appName();
	}

}
