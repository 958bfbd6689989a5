package dev.udsrpc.context;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.udsrpc.daemon.DaemonCommandLine;
import dev.udsrpc.daemon.JavaCommandLine;
import dev.udsrpc.daemon.PosixUser;

/**
 * Starts the daemon of the {@code start} command: this application again, with the same
 * JVM options and the command {@code run}, detached, as the user and with the context of
 * the settings ({@link DaemonCommandLine}).
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

	DaemonLauncher(UdsRpcDaemonSettings settings) {
		this.settings = settings;
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
	 * Start the daemon.
	 * @param runArguments the arguments of the {@code start} command, passed on to
	 * {@code run}
	 * @return the started process and what it printed before its output went to the log
	 * @throws IOException if it cannot be started
	 */
	Launched launch(List<String> runArguments) throws IOException {
		if (this.settings.account() != null && PosixUser.currentUid() != 0) {
			throw new IllegalStateException("only root can start a daemon as another user (udsrpc.daemon.user)");
		}
		List<String> command = DaemonCommandLine.of(javaCommand(runArguments), this.settings.account(), umask(),
				this.settings.logFile(),
				Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")));
		ProcessBuilder builder = new ProcessBuilder(command);
		if (this.settings.workingDirectory() != null) {
			builder.directory(this.settings.workingDirectory().toFile());
		}
		builder.environment().clear();
		builder.environment().putAll(this.settings.daemonEnvironment(System.getenv()));
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

	private List<String> javaCommand(List<String> runArguments) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		JavaCommandLine.commandLineOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv())
			.stream()
			.filter((option) -> !option.startsWith("-D" + DETACHED_PROPERTY + "="))
			.forEach(command::add);
		command.add("-D" + DETACHED_PROPERTY + "=true");
		command.addAll(JavaCommandLine.mainClass(System.getProperty("sun.java.command", ""),
				System.getProperty("java.class.path", "")));
		command.add("run");
		command.addAll(runArguments);
		command.addAll(this.settings.arguments());
		if (runArguments.stream().noneMatch((argument) -> argument.startsWith("--logging.file.name="))) {
			String name = this.settings.logFile().getFileName().toString();
			String base = name.endsWith(".out") ? name.substring(0, name.length() - 4) : name;
			command.add("--logging.file.name=" + this.settings.logFile().resolveSibling(base + ".log"));
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
