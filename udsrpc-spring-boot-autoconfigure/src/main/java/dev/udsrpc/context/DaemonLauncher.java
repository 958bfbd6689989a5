package dev.udsrpc.context;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import dev.udsrpc.daemon.internal.DaemonCommandLine;
import dev.udsrpc.daemon.internal.JavaCommandLine;
import dev.udsrpc.daemon.internal.PosixUser;

/**
 * Starts the daemon of the {@code start} command: this application again with the command
 * {@code run}, detached, as the user and with the context of the settings
 * ({@link DaemonCommandLine}), with {@code udsrpc.daemon.jvm-options} and then the JVM
 * options of the command line ({@link #javaCommand}).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class DaemonLauncher {

	/**
	 * System property that marks the process {@code start} launched. A system property,
	 * unlike an environment variable, is not inherited by processes the daemon starts.
	 */
	static final String DETACHED_PROPERTY = "udsrpc.daemon.detached";

	private final UdsRpcDaemonSettings settings;

	private final CurrentJvm jvm;

	DaemonLauncher(UdsRpcDaemonSettings settings, CurrentJvm jvm) {
		this.settings = settings;
		this.jvm = jvm;
	}

	/**
	 * Return the {@code java} executable of the daemon.
	 */
	String java() {
		return this.jvm.java();
	}

	/**
	 * Return the umask of the daemon.
	 * @throws IllegalArgumentException if {@code udsrpc.daemon.umask} is not octal
	 */
	int umask() {
		String umask = this.settings.umask();
		return (umask != null) ? DaemonCommandLine.parseUmask(umask) : DaemonCommandLine.DEFAULT_UMASK;
	}

	/**
	 * Return the JVM options of the daemon: {@code udsrpc.daemon.jvm-options}, then those
	 * of the command line, which win.
	 */
	List<String> jvmOptions() {
		return JavaCommandLine.mergeOptions(this.settings.properties().getJvmOptions(), this.jvm.options());
	}

	/**
	 * Return the environment of the daemon.
	 */
	Map<String, String> environment() {
		return this.settings.daemonEnvironment(System.getenv());
	}

	/**
	 * Start the daemon.
	 * @param runArguments the arguments of the {@code start} command, passed on to
	 * {@code run}
	 * @param aot the options and main class of a daemon run from an AOT cache, or
	 * {@code null}
	 * @return the started process and what it printed before its output went to the log
	 * @throws IOException if it cannot be started
	 */
	Launched launch(List<String> runArguments, AotCache.Use aot) throws IOException {
		if (this.settings.account() != null && PosixUser.currentUid() != 0) {
			throw new IllegalStateException("only root can start a daemon as another user (udsrpc.daemon.user)");
		}
		List<String> options = new ArrayList<>(jvmOptions());
		options.addAll(aot.options());
		List<String> java = javaCommand(this.jvm.java(), options, aot.mainClass(this.jvm.mainClass()), runArguments,
				this.settings.properties().getArguments(), this.settings.logFile());
		List<String> command = DaemonCommandLine.of(java, this.settings.account(), umask(), this.settings.logFile(),
				Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")));
		ProcessBuilder builder = new ProcessBuilder(command);
		if (this.settings.properties().getWorkingDirectory() != null) {
			builder.directory(this.settings.properties().getWorkingDirectory().toFile());
		}
		builder.environment().clear();
		builder.environment().putAll(environment());
		builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		// until the daemon's user has opened the log, errors come here
		builder.redirectErrorStream(true);
		Process process = builder.start();
		CompletableFuture<String> early = new CompletableFuture<>();
		Thread reader = new Thread(() -> early.complete(readAll(process.getInputStream())), "udsrpc-start-output");
		reader.setDaemon(true);
		reader.start();
		return new Launched(process, early);
	}

	/**
	 * Build the Java command line of a detached daemon.
	 * @param java the {@code java} executable
	 * @param options the JVM options
	 * @param mainClass how to name the application: {@code -jar <jar>} or
	 * {@code -cp <class path> <main class>}
	 * @param runArguments the arguments of the {@code start} command
	 * @param arguments {@code udsrpc.daemon.arguments}
	 * @param logFile the file the daemon's output goes to; its log goes beside it unless
	 * the arguments name one ({@code --logging.file.name})
	 * @return the command line
	 */
	static List<String> javaCommand(String java, List<String> options, List<String> mainClass,
			List<String> runArguments, List<String> arguments, Path logFile) {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(options);
		command.add("-D" + DETACHED_PROPERTY + "=true");
		command.addAll(mainClass);
		command.add("run");
		command.addAll(runArguments);
		command.addAll(arguments);
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

	private static String readAll(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * A started daemon.
	 *
	 * @param process the process
	 * @param earlyOutput what it printed before its output went to the log, complete once
	 * it has opened the log or exited
	 */
	record Launched(Process process, CompletableFuture<String> earlyOutput) {

	}

}
