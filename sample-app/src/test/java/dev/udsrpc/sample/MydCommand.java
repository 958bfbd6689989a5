package dev.udsrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line of {@code myd} ({@code start}, {@code status}, {@code call} ...) run
 * as a child JVM, as an operator would run it.
 */
final class MydCommand {

	private final Path outputDir;

	private final List<String> launcher;

	private final List<String> jvmOptions = new ArrayList<>();

	private final Map<String, String> environment = new LinkedHashMap<>();

	private final List<String> removed = new ArrayList<>();

	private Path directory;

	private MydCommand(Path outputDir, List<String> launcher) {
		this.outputDir = outputDir;
		this.launcher = launcher;
	}

	/**
	 * Run {@code myd} from the test class path.
	 */
	static MydCommand of(Path outputDir) {
		return of(outputDir, System.getProperty("java.class.path"));
	}

	/**
	 * Run {@code myd} from the given class path.
	 */
	static MydCommand of(Path outputDir, String classPath) {
		return new MydCommand(outputDir, List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
				classPath, MydApplication.class.getName()));
	}

	/**
	 * Run {@code myd} with {@code java -jar}.
	 */
	static MydCommand ofJar(Path outputDir, Path jar) {
		return new MydCommand(outputDir,
				List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
	}

	static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	/**
	 * Add an option to the JVM of the command.
	 */
	MydCommand jvmOption(String option) {
		this.jvmOptions.add(option);
		return this;
	}

	MydCommand env(String name, String value) {
		this.environment.put(name, value);
		return this;
	}

	/**
	 * Run the command in the given working directory.
	 */
	MydCommand directory(Path directory) {
		this.directory = directory;
		return this;
	}

	MydCommand withoutEnv(String name) {
		this.removed.add(name);
		return this;
	}

	ProcessBuilder builder(List<String> args) {
		List<String> command = new ArrayList<>(this.launcher);
		command.addAll(1, this.jvmOptions);
		command.addAll(args);
		command.add("--myd.tick-interval=0s");
		ProcessBuilder builder = new ProcessBuilder(command);
		if (this.directory != null) {
			builder.directory(this.directory.toFile());
		}
		this.removed.forEach(builder.environment()::remove);
		builder.environment().putAll(this.environment);
		return builder;
	}

	Result run(String... args) throws IOException, InterruptedException {
		Path out = Files.createTempFile(this.outputDir, "out", ".txt");
		Path err = Files.createTempFile(this.outputDir, "err", ".txt");
		Process process = builder(List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("'" + String.join(" ", args) + "' did not finish");
		}
		return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
	}

	record Result(int status, String out, String err) {

	}

}
