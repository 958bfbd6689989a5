package dev.udsrpc.context;

import java.time.Duration;
import java.util.List;

import dev.udsrpc.protocol.UdsRpcException;

/**
 * The {@code call <Method> [json]} command: call a method and print its result as JSON.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class CallCommand {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final CommandContext context;

	CallCommand(CommandContext context) {
		this.context = context;
	}

	int run(List<String> arguments) {
		if (arguments.isEmpty()) {
			this.context.err().println("Usage: call <Method> [params as JSON]");
			return DaemonCommands.USAGE;
		}
		String params = null;
		if (arguments.size() > 1) {
			try {
				// one line, as the protocol wants it
				params = CommandJson.write(CommandJson.parse(String.join(" ", arguments.subList(1, arguments.size()))));
			}
			catch (IllegalArgumentException ex) {
				this.context.err().println("The params are not valid JSON: " + ex.getMessage());
				return DaemonCommands.USAGE;
			}
		}
		try (CommandConnection connection = DaemonCommands.connectOrExplain(this.context)) {
			if (connection == null) {
				return DaemonCommands.FAILED;
			}
			Object result = connection.call(arguments.get(0), params, TIMEOUT);
			this.context.out().println(CommandJson.write(result));
			return DaemonCommands.OK;
		}
		catch (UdsRpcException ex) {
			this.context.err()
				.println("error " + ex.code() + ": " + ex.getMessage()
						+ ((ex.data() != null) ? " " + CommandJson.write(ex.data()) : ""));
			return DaemonCommands.FAILED;
		}
		catch (RuntimeException ex) {
			this.context.err().println("Call of " + arguments.get(0) + " failed: " + ex.getMessage());
			return DaemonCommands.FAILED;
		}
	}

}
