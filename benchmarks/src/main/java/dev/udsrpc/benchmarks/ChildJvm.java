package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server or an application run as a child JVM, its output going to a log file.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ChildJvm implements AutoCloseable {

	private static final List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();

	static {
		// children must not outlive an interrupted run
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly), "stop-child-jvms"));
	}

	private final String name;

	private final Process process;

	private final Path log;

	private ChildJvm(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Start a JVM.
	 * @param name a name for messages
	 * @param jvmArguments the JVM options, class path and main class or jar
	 * @param environment extra environment variables
	 * @param log the file that receives the output
	 * @return the started JVM
	 */
	static ChildJvm start(String name, List<String> jvmArguments, Map<String, String> environment, Path log) {
		return start(name, javaCommand(), jvmArguments, environment, log);
	}

	/**
	 * Start a JVM of another Java than the runner's.
	 * @param name a name for messages
	 * @param java the {@code java} command
	 * @param jvmArguments the JVM options, class path and main class or jar
	 * @param environment extra environment variables
	 * @param log the file that receives the output
	 * @return the started JVM
	 */
	static ChildJvm start(String name, String java, List<String> jvmArguments, Map<String, String> environment,
			Path log) {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(jvmArguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		builder.redirectErrorStream(true);
		builder.redirectOutput(log.toFile());
		try {
			Process process = builder.start();
			started.add(process);
			return new ChildJvm(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name, ex);
		}
	}

	static String javaCommand() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Process process() {
		return this.process;
	}

	/**
	 * Return the resident set size from {@code /proc/<pid>/status}.
	 * @return VmRSS in kilobytes
	 */
	long residentKilobytes() {
		return statusField("VmRSS:");
	}

	/**
	 * Return the number of threads from {@code /proc/<pid>/status}.
	 * @return the thread count
	 */
	long threads() {
		return statusField("Threads:");
	}

	private long statusField(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("No " + field + " in /proc/" + pid() + "/status");
	}

	/**
	 * Run a full GC in the child and return the heap it uses afterwards, from
	 * {@code jcmd} and {@code jstat}.
	 * @return the used heap in kilobytes
	 */
	long usedHeapAfterGcKilobytes() {
		String pid = Long.toString(pid());
		run(List.of(sibling("jcmd"), pid, "GC.run"));
		String[] lines = run(List.of(sibling("jstat"), "-gc", pid)).strip().split("\n");
		String[] names = lines[0].trim().split("\\s+");
		String[] values = lines[lines.length - 1].trim().split("\\s+");
		double used = 0;
		for (int i = 0; i < names.length; i++) {
			if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
				used += Double.parseDouble(values[i]);
			}
		}
		return Math.round(used);
	}

	private static String sibling(String tool) {
		Path java = Path.of(javaCommand());
		Path candidate = java.resolveSibling(tool);
		return Files.isExecutable(candidate) ? candidate.toString() : tool;
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the output so far.
	 * @return the output
	 */
	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Stop the JVM: SIGTERM, then SIGKILL if it does not exit in time.
	 */
	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(20, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
