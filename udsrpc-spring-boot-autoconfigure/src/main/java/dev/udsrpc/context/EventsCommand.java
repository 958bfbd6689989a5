package dev.udsrpc.context;

import java.util.List;
import java.util.Map;

/**
 * The {@code events [type ...]} command: print the events the daemon pushes, one JSON
 * line each, until it closes the connection.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class EventsCommand {

	private final CommandContext context;

	EventsCommand(CommandContext context) {
		this.context = context;
	}

	int run(List<String> types) {
		try (CommandConnection connection = DaemonCommands.connectOrExplain(this.context)) {
			if (connection == null) {
				return DaemonCommands.FAILED;
			}
			Object message;
			while ((message = connection.next()) != null) {
				if (message instanceof Map<?, ?> event && event.get("type") instanceof String type
						&& (types.isEmpty() || types.contains(type))) {
					this.context.out()
						.println("{\"type\":" + CommandJson.quote(type) + ",\"data\":"
								+ CommandJson.write(event.get("data")) + "}");
					this.context.out().flush();
				}
			}
			return DaemonCommands.OK;
		}
		catch (RuntimeException ex) {
			// the daemon went away
			return DaemonCommands.OK;
		}
	}

}
