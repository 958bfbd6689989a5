package dev.udsrpc.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.udsrpc.benchmarks.floor.LibrariesApplication;
import dev.udsrpc.benchmarks.load.EchoMessages;
import dev.udsrpc.benchmarks.load.LoadGenerator;
import dev.udsrpc.benchmarks.plain.PlainApplication;
import dev.udsrpc.benchmarks.servers.InlineServer;
import dev.udsrpc.benchmarks.servers.LineEchoServer;
import dev.udsrpc.benchmarks.servers.RawEchoServer;
import org.jspecify.annotations.Nullable;

/**
 * Starts the servers and applications as child JVMs from the files the build put next to
 * the benchmarks jar: {@code lib/}, {@code myd/udsrpc-sample-app.jar} (the sample's
 * executable jar, extracted once with Spring Boot's jar tools so it runs from plain jars)
 * and {@code udsrpc-benchmarks-plain.jar}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class Launcher {

	/**
	 * The jars of myd's class path that the udsrpc starter brings: its own, junixsocket,
	 * Jackson and the JSON Schema generator with its dependency. The plain application
	 * runs with the rest.
	 */
	private static final List<String> STARTER_JARS = List.of("udsrpc-", "junixsocket-", "jackson-",
			"jsonschema-generator-", "classmate-");

	/**
	 * Those of the starter's jars that only its own code needs. The start-up floor runs
	 * without them, with Jackson and junixsocket.
	 */
	private static final List<String> STARTER_OWN_JARS = List.of("udsrpc-", "jsonschema-generator-", "classmate-");

	/**
	 * The application name of the start-up baseline, which names its socket.
	 */
	static final String PLAIN_NAME = "plain";

	private final Path home;

	private final Path work;

	private final String heap;

	private final List<String> startJvmOptions;

	private final AtomicInteger count = new AtomicInteger();

	private @Nullable Path mydJar;

	Launcher(Path work, String heap, List<String> startJvmOptions) {
		this.home = locateHome();
		this.work = work;
		this.heap = heap;
		this.startJvmOptions = startJvmOptions;
	}

	private static Path locateHome() {
		try {
			Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			// the jar in target/, or target/classes when run from an IDE
			return location.getParent();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Path work() {
		return this.work;
	}

	/**
	 * Return the JVM options that {@code start} gives a daemon.
	 * @return the options
	 */
	List<String> startJvmOptions() {
		return this.startJvmOptions;
	}

	/**
	 * Return the sample's executable jar, as the build made it.
	 * @return the jar
	 */
	Path mydExecutableJar() {
		Path executable = this.home.resolve("myd").resolve("udsrpc-sample-app.jar");
		requireFile(executable);
		return executable;
	}

	/**
	 * Return the jar of the start-up baseline and of the hello-world JVM.
	 * @return the jar
	 */
	Path plainJar() {
		Path plainJar = this.home.resolve("udsrpc-benchmarks-plain.jar");
		requireFile(plainJar);
		return plainJar;
	}

	/**
	 * Return the JVM options every server runs with.
	 * @return the options
	 */
	List<String> serverJvmOptions() {
		return List.of("-Xms" + this.heap, "-Xmx" + this.heap);
	}

	/**
	 * Start a server of the load comparison and wait until it answers.
	 * @param kind the server
	 * @param extraJvmOptions more JVM options
	 * @return the running server
	 */
	RunningServer startServer(ServerKind kind, List<String> extraJvmOptions) {
		int number = this.count.incrementAndGet();
		Path dir = mkdirs(this.work.resolve(kind.name().toLowerCase() + "-" + number));
		List<String> jvm = new ArrayList<>(
				(kind != ServerKind.UDSRPC_START) ? serverJvmOptions() : this.startJvmOptions);
		jvm.addAll(extraJvmOptions);
		Path socket;
		ChildJvm child;
		switch (kind) {
			case RAW, LINE, INLINE -> {
				socket = dir.resolve("s.sock");
				Class<?> main = switch (kind) {
					case RAW -> RawEchoServer.class;
					case LINE -> LineEchoServer.class;
					default -> InlineServer.class;
				};
				jvm.addAll(List.of("-cp", benchmarksClassPath(), main.getName(), socket.toString()));
				child = ChildJvm.start(kind.title(), jvm, Map.of(), dir.resolve("output.log"));
			}
			case UDSRPC, UDSRPC_START -> {
				socket = dir.resolve("myd").resolve("myd.sock");
				jvm.addAll(mydArguments());
				child = ChildJvm.start(kind.title(), jvm, Map.of("XDG_RUNTIME_DIR", dir.toString()),
						dir.resolve("output.log"));
			}
			default -> throw new IllegalStateException();
		}
		RunningServer server = new RunningServer(kind, child, socket);
		awaitServing(server);
		return server;
	}

	/**
	 * Return the arguments that run myd after the JVM options.
	 * @return the main jar and the application arguments
	 */
	List<String> mydArguments() {
		// no Tick events; room for the idle connections of the memory and broadcast runs
		return List.of("-jar", mydJar().toString(), "--myd.tick-interval=0s", "--udsrpc.server.max-connections=4096");
	}

	/**
	 * Return the arguments that run the start-up baseline application after the JVM
	 * options: its jar and the jars of myd's class path, without the udsrpc starter's
	 * unless asked for.
	 * @param withStarter whether the udsrpc starter and its dependencies are on the class
	 * path
	 * @return the class path, main class and application arguments
	 */
	List<String> plainArguments(boolean withStarter) {
		return smallApplicationArguments(PlainApplication.class, withStarter ? List.of() : STARTER_JARS);
	}

	/**
	 * Return the arguments that run the start-up floor after the JVM options: the
	 * baseline's jar and the jars of myd's class path with Jackson and junixsocket but
	 * without the starter's own.
	 * @return the class path, main class and application arguments
	 */
	List<String> floorArguments() {
		return smallApplicationArguments(LibrariesApplication.class, STARTER_OWN_JARS);
	}

	private List<String> smallApplicationArguments(Class<?> main, List<String> leftOut) {
		StringBuilder classPath = new StringBuilder(plainJar().toString());
		try (Stream<Path> jars = Files.list(mydJar().resolveSibling("lib"))) {
			jars.filter(
					(jar) -> leftOut.stream().noneMatch((prefix) -> jar.getFileName().toString().startsWith(prefix)))
				.sorted()
				.forEach((jar) -> classPath.append(File.pathSeparator).append(jar));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.of("-cp", classPath.toString(), main.getName(), "--spring.application.name=" + PLAIN_NAME);
	}

	private String benchmarksClassPath() {
		String own = this.home.resolve("udsrpc-benchmarks.jar").toString();
		if (Files.isRegularFile(Path.of(own))) {
			return own;
		}
		return System.getProperty("java.class.path");
	}

	/**
	 * Return the extracted myd jar, extracting it on first use.
	 * @return the jar whose manifest class path names the extracted {@code lib/}
	 */
	synchronized Path mydJar() {
		if (this.mydJar == null) {
			Path executable = mydExecutableJar();
			Path destination = this.work.resolve("myd-app");
			List<String> command = List.of(ChildJvm.javaCommand(), "-Djarmode=tools", "-jar", executable.toString(),
					"extract", "--destination", destination.toString());
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException("Cannot extract " + executable + ": " + output);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			this.mydJar = destination.resolve("udsrpc-sample-app.jar");
			requireFile(this.mydJar);
		}
		return this.mydJar;
	}

	private static void requireFile(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(
					file + " is missing: build with " + "'./mvnw -q -pl benchmarks -am package -DskipTests' first");
		}
	}

	static Path mkdirs(Path dir) {
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Wait until a server answers an {@code Echo} request.
	 * @param server the server
	 */
	static void awaitServing(RunningServer server) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		IOException last = null;
		while (System.nanoTime() < deadline) {
			if (!server.jvm().isAlive()) {
				throw new IllegalStateException(server.kind().title() + " exited:\n" + server.jvm().output());
			}
			try {
				if (answersEcho(server)) {
					return;
				}
			}
			catch (IOException ex) {
				last = ex;
			}
			sleep(20);
		}
		throw new IllegalStateException(server.kind().title() + " does not answer on " + server.socket() + ": " + last
				+ "\n" + server.jvm().output());
	}

	private static boolean answersEcho(RunningServer server) throws IOException {
		try (SocketChannel channel = LoadGenerator.open(server.socket())) {
			channel.write(ByteBuffer.wrap((EchoMessages.request(1) + "\n").getBytes(StandardCharsets.US_ASCII)));
			byte[] line = readLine(channel);
			return EchoMessages.parseResponse(server.kind().expect(), line, 0, line.length) == 1;
		}
	}

	/**
	 * Send {@code Ping} on a blocking channel and check its answer.
	 * @param channel the channel
	 * @param id the id of the request
	 * @throws IOException if the channel fails or the answer is not the expected one
	 */
	static void ping(SocketChannel channel, int id) throws IOException {
		channel
			.write(ByteBuffer.wrap(("{\"id\":" + id + ",\"method\":\"Ping\"}\n").getBytes(StandardCharsets.US_ASCII)));
		String response = new String(Launcher.readLine(channel), StandardCharsets.UTF_8);
		if (!response.equals("{\"id\":" + id + ",\"result\":{\"pong\":true}}")) {
			throw new IOException("Unexpected response to Ping: " + response);
		}
	}

	/**
	 * Read one line from a blocking channel, byte by byte.
	 * @param channel the channel
	 * @return the line without its terminator
	 * @throws IOException if the channel is closed first
	 */
	static byte[] readLine(SocketChannel channel) throws IOException {
		ByteBuffer one = ByteBuffer.allocate(1);
		java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
		while (true) {
			one.clear();
			if (channel.read(one) < 0) {
				throw new IOException("Connection closed");
			}
			if (one.get(0) == '\n') {
				return line.toByteArray();
			}
			line.write(one.get(0));
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A started server.
	 *
	 * @param kind the server
	 * @param jvm its JVM
	 * @param socket its socket
	 */
	record RunningServer(ServerKind kind, ChildJvm jvm, Path socket) implements AutoCloseable {

		@Override
		public void close() {
			this.jvm.close();
		}

	}

}
