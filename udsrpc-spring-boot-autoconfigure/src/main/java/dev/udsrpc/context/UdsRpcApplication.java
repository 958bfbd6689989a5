package dev.udsrpc.context;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a Spring Boot application as a udsrpc daemon, with a command line. Use it in place
 * of {@link org.springframework.boot.SpringApplication#run(Class, String...)}:
 *
 * <pre class="code">
 * public static void main(String[] args) {
 *     UdsRpcApplication.run(MyDaemon.class, args);
 * }
 * </pre>
 *
 * The first argument that does not start with {@code -} is the command:
 * <ul>
 * <li>{@code run} (the default): run the daemon in the foreground;</li>
 * <li>{@code start}: run it in the background, detached, and return once it serves;</li>
 * <li>{@code stop}, {@code restart}, {@code status} (LSB exit codes),
 * {@code reload};</li>
 * <li>{@code call <Method> [json]}, {@code events [type...]};</li>
 * <li>{@code help}.</li>
 * </ul>
 * Every command finds the daemon from the same settings as the daemon itself
 * ({@code application.properties} or {@code .yml}, {@code --udsrpc.*} arguments, the
 * environment). If the application fails to start, the failure is reported and the
 * process exits with status 1.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class UdsRpcApplication {

	private UdsRpcApplication() {
	}

	/**
	 * Run the command given in the arguments. Every command but {@code run} ends the
	 * process with its exit status.
	 * @param source the application class
	 * @param args the command line arguments
	 * @return the running application context for {@code run}
	 */
	public static @Nullable ConfigurableApplicationContext run(Class<?> source, String... args) {
		String command = command(args);
		String[] rest = withoutCommand(args, command);
		if (command.equals("run")) {
			return ForegroundRun.run(source, rest);
		}
		if (command.equals("help")) {
			usage(System.out, source);
			exit(0);
			return null;
		}
		if (!DaemonCommands.NAMES.contains(command)) {
			System.err.println("Unknown command '" + command + "'.");
			usage(System.err, source);
			exit(2);
			return null;
		}
		exit(control(source, command, rest));
		return null;
	}

	/**
	 * Return whether this process is a daemon launched by the {@code start} command.
	 * @return {@code true} in a detached daemon
	 */
	public static boolean isDetached() {
		return Boolean.getBoolean(DaemonLauncher.DETACHED_PROPERTY);
	}

	static int control(Class<?> source, String command, String[] args) {
		List<String> operands = new ArrayList<>();
		List<String> options = new ArrayList<>();
		for (String arg : args) {
			(arg.startsWith("--") ? options : operands).add(arg);
		}
		CommandConnection.prepare();
		UdsRpcDaemonSettings settings;
		try {
			settings = CommandSettings.load(source, options);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// such as a udsrpc.daemon.user that does not exist
			System.err.println(ex.getMessage());
			return command.equals("status") ? DaemonCommands.UNKNOWN : DaemonCommands.FAILED;
		}
		return DaemonCommands.run(command, settings, operands, options, System.out, System.err);
	}

	static String command(String[] args) {
		for (String arg : args) {
			if (!arg.startsWith("-")) {
				return arg;
			}
		}
		return "run";
	}

	static String[] withoutCommand(String[] args, String command) {
		int index = Arrays.asList(args).indexOf(command);
		if (index < 0) {
			return args;
		}
		String[] result = new String[args.length - 1];
		System.arraycopy(args, 0, result, 0, index);
		System.arraycopy(args, index + 1, result, index, args.length - index - 1);
		return result;
	}

	private static void usage(PrintStream out, Class<?> source) {
		out.println("Usage: " + source.getSimpleName() + " [command] [--property=value ...]");
		out.println();
		out.println("Commands:");
		out.println("  run                   run the daemon in the foreground (the default)");
		out.println("  start                 run it in the background; returns once it serves");
		out.println("  stop                  stop it (SIGTERM) and wait until it is gone");
		out.println("  restart               stop, then start");
		out.println("  status                exit status 0 running, 3 not running, 1 dead with a PID file,");
		out.println("                        4 not trusted (another user's runtime directory, PID file or socket)");
		out.println("  reload                reload its configuration (as SIGHUP does) and report the outcome");
		out.println("  call <Method> [json]  call a method and print its result");
		out.println("  events [type ...]     print events as JSON lines until interrupted");
		out.println("  help                  show this help");
		out.println();
		out.println("Settings come from application.properties or .yml, --udsrpc.* arguments and the environment.");
	}

	static void exit(int status) {
		System.out.flush();
		System.exit(status);
	}

}
