package dev.udsrpc.context;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import dev.udsrpc.daemon.internal.DaemonTrust;
import org.jspecify.annotations.Nullable;

/**
 * The AOT cache (JEP 483, JDK 24 or later) that {@code start} runs a daemon with when
 * {@code udsrpc.daemon.aot-cache} is on: one per build of the application, JVM and JVM
 * options, kept under {@code <cache-directory>/aot/<key>}. The first {@code start} of a
 * build trains it: it extracts an executable jar (class data can only be cached from
 * plain jars), runs the application once with {@code -XX:AOTMode=record} in a runtime
 * directory of its own until it serves a few calls, stops it, and creates the cache with
 * {@code -XX:AOTMode=create}. Later starts run from the cache.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class AotCache {

	private static final int FIRST_FEATURE = 24;

	private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(5);

	private final Path directory;

	private final List<String> mainClass;

	private final @Nullable Path executableJar;

	private AotCache(Path directory, List<String> mainClass, @Nullable Path executableJar) {
		this.directory = directory;
		this.mainClass = mainClass;
		this.executableJar = executableJar;
	}

	/**
	 * Return the cache of the daemon that {@code start} launches, or {@code null} if it
	 * runs without one.
	 * @param settings the settings
	 * @param jvm this JVM, which the daemon runs on
	 * @param jvmOptions the JVM options of the daemon
	 * @param err where to say why a cache that is asked for is not used
	 * @return the cache or {@code null}
	 */
	static @Nullable AotCache of(UdsRpcDaemonSettings settings, CurrentJvm jvm, List<String> jvmOptions,
			PrintStream err) {
		if (!settings.properties().isAotCache()) {
			return null;
		}
		if (jvm.feature() < FIRST_FEATURE) {
			err.println("udsrpc.daemon.aot-cache needs Java " + FIRST_FEATURE + " or later, not " + jvm.feature()
					+ ": starting without an AOT cache");
			return null;
		}
		if (settings.account() != null) {
			err.println("udsrpc.daemon.aot-cache is not used with udsrpc.daemon.user: starting without an AOT cache");
			return null;
		}
		Path jar = jvm.jar();
		Path executableJar = (jar != null && isExecutableJar(jar)) ? jar : null;
		StringBuilder identity = new StringBuilder(jvm.java()).append('\n')
			.append(System.getProperty("java.vm.version"))
			.append('\n')
			.append(String.join(" ", jvmOptions))
			.append('\n')
			.append(String.join(" ", jvm.mainClass()));
		for (String entry : classPath(jvm.mainClass())) {
			identity.append('\n').append(entry).append(' ').append(fileStamp(Path.of(entry)));
		}
		Path directory = settings.cacheDirectory().resolve("aot").resolve(hash(identity.toString()));
		return new AotCache(directory, jvm.mainClass(), executableJar);
	}

	/**
	 * Return whether the cache has been trained.
	 */
	boolean isReady() {
		return Files.isRegularFile(cacheFile())
				&& (this.executableJar == null || Files.isRegularFile(applicationJar(this.executableJar)));
	}

	/**
	 * Return how to run from the cache.
	 */
	Use use() {
		return new Use(List.of("-XX:AOTCache=" + cacheFile()), mainClass());
	}

	/**
	 * Train the cache.
	 * @param launcher the launcher of the daemon, for its JVM options and environment
	 * @param runArguments the arguments of the {@code start} command
	 * @param settings the settings
	 * @param out where to report progress
	 * @return {@code null} once trained, else why not
	 */
	@Nullable String train(DaemonLauncher launcher, List<String> runArguments, UdsRpcDaemonSettings settings, PrintStream out) {
		try {
			Files.createDirectories(this.directory);
			out.println("Training an AOT cache for this build of " + settings.location().appName() + " in "
					+ this.directory + " (once)");
			if (this.executableJar != null && !Files.isRegularFile(applicationJar(this.executableJar))) {
				String failure = run(List.of(launcher.java(), "-Djarmode=tools", "-jar", this.executableJar.toString(),
						"extract", "--destination", this.directory.resolve("app").toString()), launcher,
						CREATE_TIMEOUT);
				if (failure != null) {
					return "extracting " + this.executableJar + " failed: " + failure;
				}
			}
			String failure = record(launcher, runArguments, settings);
			if (failure != null) {
				return failure;
			}
			List<String> create = new ArrayList<>();
			create.add(launcher.java());
			create.addAll(launcher.jvmOptions());
			create.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configurationFile(),
					"-XX:AOTCache=" + cacheFile()));
			create.addAll(mainClass());
			failure = run(create, launcher, CREATE_TIMEOUT);
			if (failure != null || !Files.isRegularFile(cacheFile())) {
				return "creating the cache failed: " + ((failure != null) ? failure : "no cache was written");
			}
			removeOtherBuilds();
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private @Nullable String record(DaemonLauncher launcher, List<String> runArguments, UdsRpcDaemonSettings settings)
			throws IOException, InterruptedException {
		Path runtimeDir = Files.createTempDirectory("udsrpc-aot-");
		try {
			String app = settings.location().appName();
			Path socket = runtimeDir.resolve(app + ".sock");
			List<String> command = new ArrayList<>();
			command.add(launcher.java());
			command.addAll(launcher.jvmOptions());
			command.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configurationFile()));
			command.addAll(mainClass());
			command.add("run");
			command.addAll(runArguments);
			command.addAll(settings.properties().getArguments());
			command.addAll(List.of("--udsrpc.runtime-dir=" + runtimeDir, "--udsrpc.server.socket-path=" + socket,
					"--udsrpc.daemon.pid-file=" + runtimeDir.resolve(app + ".pid")));
			Process training = builder(command, launcher).start();
			try {
				if (!servesCalls(training, socket, runtimeDir, settings.startTimeout())) {
					return "the training run did not serve (see " + logFile() + ")";
				}
			}
			finally {
				training.destroy();
				if (!training.waitFor(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
					training.destroyForcibly();
				}
			}
			return Files.isRegularFile(configurationFile()) ? null
					: "the training run recorded nothing (see " + logFile() + ")";
		}
		finally {
			deleteRecursively(runtimeDir);
		}
	}

	private static boolean servesCalls(Process training, Path socket, Path runtimeDir, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline && training.isAlive()) {
			if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
				try (CommandConnection connection = CommandConnection.open(socket, DaemonTrust.currentUser(),
						runtimeDir)) {
					// the calls of the commands load their classes into the cache too
					for (int i = 0; i < 3; i++) {
						connection.call("udsrpc.status", null, Duration.ofSeconds(10));
					}
					return true;
				}
				catch (RuntimeException ex) {
					// not serving yet
				}
			}
			Thread.sleep(20);
		}
		return false;
	}

	private @Nullable String run(List<String> command, DaemonLauncher launcher, Duration timeout)
			throws IOException, InterruptedException {
		Process process = builder(command, launcher).start();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			return "it did not finish within " + DaemonCommands.formatDuration(timeout);
		}
		return (process.exitValue() == 0) ? null : "exit status " + process.exitValue() + " (see " + logFile() + ")";
	}

	private ProcessBuilder builder(List<String> command, DaemonLauncher launcher) {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().clear();
		builder.environment().putAll(launcher.environment());
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
		builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		return builder;
	}

	private void removeOtherBuilds() throws IOException {
		try (Stream<Path> builds = Files.list(this.directory.getParent())) {
			for (Path build : builds.toList()) {
				if (!build.equals(this.directory)) {
					deleteRecursively(build);
				}
			}
		}
	}

	private static void deleteRecursively(Path path) {
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(each);
			}
		}
		catch (IOException ex) {
			// a stale directory costs only space
		}
	}

	private Path cacheFile() {
		return this.directory.resolve("app.aot");
	}

	private Path configurationFile() {
		return this.directory.resolve("app.aotconf");
	}

	private Path logFile() {
		return this.directory.resolve("training.log");
	}

	/**
	 * Return how the cached daemon names the application: the extracted jar of an
	 * executable jar, else as this JVM does.
	 */
	private List<String> mainClass() {
		return (this.executableJar != null) ? List.of("-jar", applicationJar(this.executableJar).toString())
				: this.mainClass;
	}

	private Path applicationJar(Path executableJar) {
		return this.directory.resolve("app").resolve(executableJar.getFileName().toString());
	}

	private static boolean isExecutableJar(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.getManifest() != null
					&& file.getManifest().getMainAttributes().getValue("Spring-Boot-Lib") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static List<String> classPath(List<String> mainClass) {
		if (mainClass.size() >= 2 && (mainClass.get(0).equals("-jar") || mainClass.get(0).equals("-cp"))) {
			return List.of(mainClass.get(1).split(java.io.File.pathSeparator));
		}
		return List.of();
	}

	private static String fileStamp(Path file) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			return attributes.size() + "/" + attributes.lastModifiedTime().toMillis();
		}
		catch (IOException ex) {
			return "missing";
		}
	}

	/**
	 * Return a 64-bit FNV-1a hash of the text, in hexadecimal: a name for the cache of
	 * one identity.
	 */
	static String hash(String text) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		return String.format("%016x", hash);
	}

	/**
	 * How a daemon runs: with an AOT cache or without.
	 *
	 * @param options the JVM options to add
	 * @param mainClass how to name the application instead of the way this JVM does, or
	 * {@code null}
	 */
	record Use(List<String> options, @Nullable List<String> mainClass) {

		/**
		 * Running without a cache.
		 */
		static final Use NONE = new Use(List.of(), null);

		List<String> mainClass(List<String> original) {
			return (this.mainClass != null) ? this.mainClass : original;
		}

	}

}
