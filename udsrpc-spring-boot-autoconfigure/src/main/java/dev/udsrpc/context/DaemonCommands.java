package dev.udsrpc.context;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.daemon.PidFileLock;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commands that control a daemon from outside: {@code start}, {@code stop},
 * {@code restart}, {@code status}, {@code reload}, {@code call} and {@code events}. They
 * locate the daemon from its settings and talk to it through its PID file, signals and
 * socket, without starting the application's beans, and believe what they find only once
 * it is checked ({@link VerifiedDaemon}).
 *
 * @author udsrpc authors
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

	private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

	private final UdsRpcDaemonSettings settings;

	private final VerifiedDaemon daemon;

	private final PrintStream out;

	private final PrintStream err;

	private final JsonMapper mapper = JsonMapper.builder().build();

	DaemonCommands(UdsRpcDaemonSettings settings, PrintStream out, PrintStream err) {
		this.settings = settings;
		this.daemon = new VerifiedDaemon(settings);
		this.out = out;
		this.err = err;
	}

	private String app() {
		return this.settings.location().appName();
	}

	int status() {
		try {
			PidFileLock.State state = this.daemon.pidFile();
			if (!state.exists()) {
				this.out.println(app() + " is not running");
				return NOT_RUNNING;
			}
			if (!state.locked()) {
				this.out.println(
						app() + " is not running, but its PID file " + this.settings.location().pidFile() + " remains"
								+ state.pid().stream().mapToObj((pid) -> " (PID " + pid + ")").findFirst().orElse(""));
				return FAILED;
			}
			return running();
		}
		catch (UntrustedDaemonException ex) {
			this.err.println(ex.getMessage());
			return UNKNOWN;
		}
	}

	private int running() {
		String socket = this.settings.location().socketPath().toString();
		try (UdsRpcClient client = this.daemon.connect(STATUS_TIMEOUT)) {
			JsonNode status = this.daemon.status(client);
			OptionalLong pid = this.daemon.pid(status);
			if (pid.isEmpty()) {
				// it answered, and has ended since
				this.out.println(app() + " is not running");
				return NOT_RUNNING;
			}
			this.out.println(app() + " is running (PID " + pid.getAsLong() + ")");
			this.out.println("  socket:  " + socket);
			this.out.println("  uptime:  " + formatDuration(Duration.ofMillis(status.path("uptimeMillis").asLong())));
			// not counting the connection of this command
			this.out.println("  clients: " + Math.max(0, status.path("clients").asInt() - 1));
			return OK;
		}
		catch (UdsRpcException ex) {
			// its PID file is locked, but it does not tell its PID: name none
			this.out
				.println(app() + " is running, but does not report its status on " + socket + ": " + ex.getMessage());
			return OK;
		}
		catch (UntrustedDaemonException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.out.println(app() + " is running, but does not answer on " + socket + ": " + ex.getMessage());
			return OK;
		}
	}

	int stop() {
		long pid;
		try {
			if (!this.daemon.pidFile().locked()) {
				this.out.println(app() + " is not running");
				return OK;
			}
			OptionalLong reported;
			try (UdsRpcClient client = this.daemon.connect(STATUS_TIMEOUT)) {
				reported = this.daemon.pid(this.daemon.status(client));
			}
			if (reported.isEmpty()) {
				this.out.println(app() + " is not running");
				return OK;
			}
			pid = reported.getAsLong();
		}
		catch (UntrustedDaemonException ex) {
			this.err.println(ex.getMessage());
			return FAILED;
		}
		catch (RuntimeException ex) {
			this.err.println(
					"Cannot stop " + app() + ": it does not report its PID on " + this.settings.location().socketPath()
							+ " (" + ex.getMessage() + "), and a PID file alone is not trusted");
			return FAILED;
		}
		return terminate(pid);
	}

	private int terminate(long pid) {
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		if (process.isEmpty()) {
			this.out.println(app() + " is not running");
			return OK;
		}
		process.get().destroy();
		try {
			process.get().onExit().get(this.settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			this.err.println(app() + " (PID " + pid + ") did not stop within "
					+ formatDuration(this.settings.stopTimeout()) + "; it is still running");
			return FAILED;
		}
		catch (Exception ex) {
			this.err.println("Cannot stop " + app() + " (PID " + pid + "): " + ex.getMessage());
			return FAILED;
		}
		this.out.println("Stopped " + app() + " (PID " + pid + ")");
		return OK;
	}

	int start(List<String> runArguments) {
		return new StartCommand(this.settings, this.daemon, this.out, this.err).start(runArguments);
	}

	int restart(List<String> runArguments) {
		int stopped = stop();
		return (stopped != OK) ? stopped : start(runArguments);
	}

	int reload() {
		try (UdsRpcClient client = connectOrExplain()) {
			if (client == null) {
				return FAILED;
			}
			client.call("udsrpc.reload", null);
			this.out.println("Reloaded " + app());
			return OK;
		}
		catch (UdsRpcException ex) {
			this.err.println("Reload of " + app() + " failed: " + ex.getMessage());
			return FAILED;
		}
	}

	int call(List<String> arguments) {
		if (arguments.isEmpty()) {
			this.err.println("Usage: call <Method> [params as JSON]");
			return USAGE;
		}
		Object params = null;
		if (arguments.size() > 1) {
			try {
				params = this.mapper.readTree(String.join(" ", arguments.subList(1, arguments.size())));
			}
			catch (RuntimeException ex) {
				this.err.println("The params are not valid JSON: " + ex.getMessage());
				return USAGE;
			}
		}
		try (UdsRpcClient client = connectOrExplain()) {
			if (client == null) {
				return FAILED;
			}
			JsonNode result = client.call(arguments.get(0), params);
			this.out.println(this.mapper.writeValueAsString(result));
			return OK;
		}
		catch (UdsRpcException ex) {
			this.err.println("error " + ex.code() + ": " + ex.getMessage()
					+ ((ex.data() != null) ? " " + this.mapper.writeValueAsString(ex.data()) : ""));
			return FAILED;
		}
	}

	int events(List<String> types) {
		UdsRpcClient client = connectOrExplain();
		if (client == null) {
			return FAILED;
		}
		CountDownLatch done = new CountDownLatch(1);
		client.onAnyEvent((type, data) -> {
			if (types.isEmpty() || types.contains(type)) {
				synchronized (this.out) {
					Map<String, Object> event = new LinkedHashMap<>();
					event.put("type", type);
					event.put("data", data);
					this.out.println(this.mapper.writeValueAsString(event));
					this.out.flush();
				}
			}
		});
		client.disconnected().whenComplete((result, ex) -> done.countDown());
		try {
			done.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		client.close();
		return OK;
	}

	private @Nullable UdsRpcClient connectOrExplain() {
		try {
			return this.daemon.connect(Duration.ofSeconds(60));
		}
		catch (UntrustedDaemonException ex) {
			this.err.println(ex.getMessage());
			return null;
		}
		catch (UncheckedIOException ex) {
			this.err.println(app() + " is not running (" + ex.getMessage() + ")");
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
