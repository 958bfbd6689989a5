package dev.udsrpc.context;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import dev.udsrpc.daemon.UntrustedDaemonException;
import org.jspecify.annotations.Nullable;

/**
 * The commands that control a daemon from outside ({@code start}, {@code stop},
 * {@code restart}, {@code status}, {@code reload}, {@code call} and {@code events}), one
 * class each. They locate the daemon from its settings and talk to it through its PID
 * file, signals and socket, without starting Spring, and believe what they find only once
 * it is checked ({@link VerifiedDaemon}).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class DaemonCommands {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	static final int NOT_RUNNING = 3;

	/**
	 * The LSB status of a daemon whose status cannot be told, here because what is found
	 * cannot be trusted.
	 */
	static final int UNKNOWN = 4;

	static final List<String> NAMES = List.of("start", "stop", "restart", "status", "reload", "call", "events");

	private DaemonCommands() {
	}

	/**
	 * Run a command.
	 * @param command the command, one of {@link #NAMES}
	 * @param settings the settings
	 * @param operands the arguments of the command that are not options
	 * @param options the {@code --name=value} arguments, which {@code start} passes on to
	 * the daemon
	 * @param out the standard output
	 * @param err the standard error
	 * @return the exit status
	 */
	static int run(String command, UdsRpcDaemonSettings settings, List<String> operands, List<String> options,
			PrintStream out, PrintStream err) {
		CommandContext context = CommandContext.of(settings, out, err);
		return switch (command) {
			case "start" -> new StartCommand(context).run(options);
			case "stop" -> new StopCommand(context).run();
			case "restart" -> restart(context, options);
			case "status" -> new StatusCommand(context).run();
			case "reload" -> new ReloadCommand(context).run();
			case "call" -> new CallCommand(context).run(operands);
			case "events" -> new EventsCommand(context).run(operands);
			default -> throw new IllegalArgumentException("Unknown command '" + command + "'");
		};
	}

	private static int restart(CommandContext context, List<String> options) {
		int stopped = new StopCommand(context).run();
		return (stopped != OK) ? stopped : new StartCommand(context).run(options);
	}

	/**
	 * Connect to the daemon, or say why not.
	 * @param context the context of the command
	 * @return the connection, or {@code null} if there is none
	 */
	static @Nullable CommandConnection connectOrExplain(CommandContext context) {
		try {
			return context.daemon().connect();
		}
		catch (UntrustedDaemonException ex) {
			context.err().println(ex.getMessage());
			return null;
		}
		catch (UncheckedIOException ex) {
			context.err().println(context.app() + " is not running (" + ex.getMessage() + ")");
			return null;
		}
	}

	static String formatDuration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		return (seconds / 3600) + " h " + ((seconds % 3600) / 60) + " min";
	}

}
