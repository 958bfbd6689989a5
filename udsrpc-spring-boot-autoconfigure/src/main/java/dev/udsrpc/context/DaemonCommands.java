package dev.udsrpc.context;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.PidFileLock;
import dev.udsrpc.daemon.PosixUser;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commands that control a daemon from outside: {@code start}, {@code stop},
 * {@code restart}, {@code status}, {@code reload}, {@code call} and {@code events}. They
 * locate the daemon from its settings and talk to it through its PID file, signals and
 * socket, without starting the application's beans.
 *
 * @author udsrpc authors
 */
final class DaemonCommands {

	/**
	 * System property that marks the process {@code start} launched. A system property,
	 * unlike an environment variable, is not inherited by processes the daemon starts.
	 */
	static final String DETACHED_PROPERTY = "udsrpc.daemon.detached";

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	static final int NOT_RUNNING = 3;

	private static final Duration POLL = Duration.ofMillis(100);

	private final UdsRpcDaemonSettings settings;

	private final PrintStream out;

	private final PrintStream err;

	private final JsonMapper mapper = JsonMapper.builder().build();

	DaemonCommands(UdsRpcDaemonSettings settings, PrintStream out, PrintStream err) {
		this.settings = settings;
		this.out = out;
		this.err = err;
	}

	private DaemonLocation location() {
		return this.settings.location();
	}

	private String app() {
		return location().appName();
	}

	int status() {
		PidFileLock.State state = PidFileLock.inspect(location().pidFile());
		if (!state.exists()) {
			this.out.println(app() + " is not running");
			return NOT_RUNNING;
		}
		if (!state.locked()) {
			this.out.println(app() + " is not running, but its PID file " + location().pidFile() + " remains"
					+ state.pid().stream().mapToObj((pid) -> " (PID " + pid + ")").findFirst().orElse(""));
			return FAILED;
		}
		String pid = state.pid().isPresent() ? Long.toString(state.pid().getAsLong()) : "unknown";
		try (UdsRpcClient client = connect(Duration.ofSeconds(10))) {
			JsonNode status = client.call("udsrpc.status", null);
			this.out.println(app() + " is running (PID " + pid + ")");
			this.out.println("  socket:  " + location().socketPath());
			this.out.println("  uptime:  " + formatDuration(Duration.ofMillis(status.path("uptimeMillis").asLong())));
			// not counting the connection of this command
			this.out.println("  clients: " + Math.max(0, status.path("clients").asInt() - 1));
		}
		catch (RuntimeException ex) {
			this.out.println(app() + " is running (PID " + pid + ")");
			this.out.println("  socket:  " + location().socketPath() + " (not answering: " + ex.getMessage() + ")");
		}
		return OK;
	}

	int stop() {
		PidFileLock.State state = PidFileLock.inspect(location().pidFile());
		if (!state.locked()) {
			this.out.println(app() + " is not running");
			return OK;
		}
		if (state.pid().isEmpty()) {
			this.err.println("Cannot stop " + app() + ": its PID file " + location().pidFile() + " names no PID");
			return FAILED;
		}
		long pid = state.pid().getAsLong();
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
		PidFileLock.State state = PidFileLock.inspect(location().pidFile());
		if (state.locked()) {
			this.out.println(app() + " is already running (PID "
					+ state.pid().stream().mapToObj(Long::toString).findFirst().orElse("unknown") + ")");
			return OK;
		}
		Path logFile = this.settings.logFile();
		long logStart;
		Process child;
		try {
			Files.createDirectories(logFile.getParent());
			if (!Files.exists(logFile)) {
				Files.createFile(logFile,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
			}
			logStart = Files.size(logFile);
			child = launch(runArguments, logFile);
		}
		catch (IOException | RuntimeException ex) {
			this.err.println("Cannot start " + app() + ": " + ex.getMessage());
			return FAILED;
		}
		long deadline = System.nanoTime() + this.settings.startTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			if (answers()) {
				PidFileLock.State started = PidFileLock.inspect(location().pidFile());
				this.out.println("Started " + app() + " (PID "
						+ started.pid().stream().mapToObj(Long::toString).findFirst().orElse(Long.toString(child.pid()))
						+ "), log: " + logFile);
				return OK;
			}
			if (!child.isAlive()) {
				this.err
					.println(app() + " failed to start (exit status " + child.exitValue() + "). From " + logFile + ":");
				this.err.print(tail(logFile, logStart));
				return FAILED;
			}
			sleep(POLL);
		}
		this.err.println(app() + " did not answer on " + location().socketPath() + " within "
				+ formatDuration(this.settings.startTimeout()) + "; stopping it. From " + logFile + ":");
		this.err.print(tail(logFile, logStart));
		child.destroy();
		return FAILED;
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
			return connect(Duration.ofSeconds(60));
		}
		catch (UncheckedIOException ex) {
			this.err.println(app() + " is not running (" + ex.getMessage() + ")");
			return null;
		}
	}

	private UdsRpcClient connect(Duration timeout) {
		return UdsRpcClient.builder(location().socketPath()).timeout(timeout).build();
	}

	private boolean answers() {
		if (!Files.exists(location().socketPath())) {
			return false;
		}
		try (UdsRpcClient client = connect(Duration.ofSeconds(5))) {
			client.call("udsrpc.status", null);
			return true;
		}
		catch (UdsRpcException ex) {
			// an answer, even an error, means the daemon serves
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private Process launch(List<String> runArguments, Path logFile) throws IOException {
		List<String> command = new ArrayList<>();
		String user = this.settings.user();
		if (user != null) {
			if (PosixUser.currentUid() != 0) {
				throw new IllegalStateException("only root can start a daemon as another user (udsrpc.daemon.user)");
			}
			String group = (this.settings.group() != null) ? this.settings.group() : user;
			command.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups"));
		}
		if (this.settings.umask() != null) {
			command.addAll(List.of("/bin/sh", "-c", "umask " + this.settings.umask() + " && exec \"$0\" \"$@\""));
		}
		if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
			// a new session, without a controlling terminal
			command.add("setsid");
		}
		command.addAll(javaCommand(runArguments, logFile));
		ProcessBuilder builder = new ProcessBuilder(command);
		if (this.settings.workingDirectory() != null) {
			builder.directory(this.settings.workingDirectory().toFile());
		}
		// what the service manager passed is meant for this process only
		List.of("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "NOTIFY_SOCKET", "WATCHDOG_PID", "WATCHDOG_USEC")
			.forEach(builder.environment()::remove);
		builder.environment().putAll(this.settings.environment());
		builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
		builder.redirectErrorStream(true);
		return builder.start();
	}

	private List<String> javaCommand(List<String> runArguments, Path logFile) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
			if (!option.startsWith("-D" + DETACHED_PROPERTY + "=")) {
				command.add(option);
			}
		}
		command.add("-D" + DETACHED_PROPERTY + "=true");
		String[] launched = System.getProperty("sun.java.command", "").split(" ");
		if (launched.length > 0 && launched[0].endsWith(".jar")) {
			// launched with -jar: the class path is that jar (its name may contain
			// spaces)
			command.add("-jar");
			command.add(Path.of(System.getProperty("java.class.path")).toAbsolutePath().toString());
		}
		else {
			command.add("-cp");
			command.add(absoluteClassPath());
			command.add(launched[0]);
		}
		command.add("run");
		command.addAll(runArguments);
		command.addAll(this.settings.arguments());
		if (runArguments.stream().noneMatch((argument) -> argument.startsWith("--logging.file.name="))) {
			String name = logFile.getFileName().toString();
			String base = name.endsWith(".out") ? name.substring(0, name.length() - 4) : name;
			command.add("--logging.file.name=" + logFile.resolveSibling(base + ".log"));
		}
		// the console goes to the output file, which is not rotated: only errors (such as
		// a failure to start) go there as well as to the log
		command.add("--logging.threshold.console=ERROR");
		return command;
	}

	private static String absoluteClassPath() {
		return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			.map((entry) -> Path.of(entry).toAbsolutePath().toString())
			.collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
	}

	private static String tail(Path file, long from) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			int start = (int) Math.min(from, bytes.length);
			String text = new String(bytes, start, bytes.length - start, java.nio.charset.StandardCharsets.UTF_8);
			String[] lines = text.split("\n");
			int first = Math.max(0, lines.length - 40);
			return String.join("\n", Arrays.asList(lines).subList(first, lines.length)) + "\n";
		}
		catch (IOException ex) {
			return "(cannot read " + file + ": " + ex.getMessage() + ")\n";
		}
	}

	private static String formatDuration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		return (seconds / 3600) + " h " + ((seconds % 3600) / 60) + " min";
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
