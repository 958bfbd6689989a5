package dev.udsrpc.context;

import java.io.PrintStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a Spring Boot application as a udsrpc daemon, with a command line. Use it in place
 * of {@link SpringApplication#run(Class, String...)}:
 *
 * <pre class="code">
 * public static void main(String[] args) {
 *     UdsRpcApplication.run(MyDaemon.class, args);
 * }
 * </pre>
 *
 * The first argument that does not start with {@code -} is the command; {@code run}, the
 * default, runs the daemon in the foreground. If the application fails to start (for
 * example because another instance is running), the failure is reported and the process
 * exits with status 1.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class UdsRpcApplication {

	private UdsRpcApplication() {
	}

	/**
	 * Run the command given in the arguments.
	 * @param source the application class
	 * @param args the command line arguments
	 * @return the running application context for {@code run}, otherwise {@code null}
	 * after the process was told to exit
	 */
	public static @Nullable ConfigurableApplicationContext run(Class<?> source, String... args) {
		String command = command(args);
		switch (command) {
			case "run" -> {
				return runInForeground(source, withoutCommand(args, command));
			}
			case "help" -> {
				usage(System.out, source);
				exit(0);
				return null;
			}
			default -> {
				System.err.println("Unknown command '" + command + "'.");
				usage(System.err, source);
				exit(2);
				return null;
			}
		}
	}

	private static @Nullable ConfigurableApplicationContext runInForeground(Class<?> source, String[] args) {
		try {
			return SpringApplication.run(source, args);
		}
		catch (Throwable ex) {
			// SpringApplication has reported the failure already
			exit(1);
			return null;
		}
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
		out.println("  run    run the daemon in the foreground (the default)");
		out.println("  help   show this help");
		out.println();
		out.println("Settings come from application.yml, --udsrpc.* arguments and the environment.");
	}

	private static void exit(int status) {
		System.exit(status);
	}

}
