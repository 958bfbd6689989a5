package dev.udsrpc.context;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.udsrpc.daemon.internal.JavaCommandLine;
import org.jspecify.annotations.Nullable;

/**
 * How this JVM was started, to start the application again: its {@code java}, the JVM
 * options of its command line (not those it read from the environment, which a JVM
 * started with the same environment reads again), how it named the application, and its
 * feature version.
 *
 * @param java the {@code java} executable
 * @param options the JVM options of the command line
 * @param mainClass {@code -jar <jar>} or {@code -cp <class path> <main class>}
 * @param feature the feature version, such as 17
 * @author udsrpc authors
 * @since 0.1.0
 */
record CurrentJvm(String java, List<String> options, List<String> mainClass, int feature) {

	static CurrentJvm current() {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> options = new ArrayList<>();
		for (String option : JavaCommandLine
			.commandLineOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv())) {
			if (!option.startsWith("-D" + DaemonLauncher.DETACHED_PROPERTY + "=")) {
				options.add(option);
			}
		}
		return new CurrentJvm(java, List.copyOf(options), JavaCommandLine
			.mainClass(System.getProperty("sun.java.command", ""), System.getProperty("java.class.path", "")),
				Runtime.version().feature());
	}

	/**
	 * Return the jar the application runs from, if it runs with {@code -jar}.
	 */
	@Nullable Path jar() {
		return (this.mainClass.size() == 2 && this.mainClass.get(0).equals("-jar")) ? Path.of(this.mainClass.get(1))
				: null;
	}

}
