package dev.udsrpc.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for a server that runs out of file descriptors: a server in a child
 * JVM whose descriptors are limited with {@code prlimit}.
 */
class UdsRpcServerDescriptorLimitIntegrationTests {

	private static final int LIMIT = 128;

	private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

	@TempDir
	Path tempDir;

	private final List<SocketChannel> channels = new ArrayList<>();

	private Process process;

	@AfterEach
	void stop() throws Exception {
		closeAll();
		if (this.process != null) {
			this.process.destroyForcibly().waitFor();
		}
	}

	@Test
	void runningOutOfDescriptorsPausesAcceptingWithOneLogLineAndResumesWhenSomeAreFree() throws Exception {
		assumeTrue(Files.isExecutable(PRLIMIT), "needs prlimit");
		Path socket = this.tempDir.resolve("t.sock");
		Path log = this.tempDir.resolve("server.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		this.process = new ProcessBuilder(PRLIMIT.toString(), "--nofile=" + LIMIT + ":" + LIMIT, java,
				"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", serverClassPath(),
				StandaloneServer.class.getName(), socket.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("READY"));
		long pid = this.process.pid();
		long used = count(Path.of("/proc", Long.toString(pid), "fd"));
		// more than the server can take: the rest wait in the listen backlog
		for (long i = 0; i < LIMIT - used + 50; i++) {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			this.channels.add(channel);
			channel.connect(UnixDomainSocketAddress.of(socket));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> warnings(log).size() >= 1);
		Path loop = loopThreadStat(pid);
		long before = cpuTicks(loop);
		// the event loop does not spin while it cannot accept: under 0.2 s of CPU in 2 s
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> cpuTicks(loop) - before < 20);
		assertThat(warnings(log)).hasSize(1);
		closeAll();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			try (LineClient client = new LineClient(socket)) {
				assertThat(client.send("{\"id\":1,\"method\":\"Ping\"}").receive())
					.isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
			}
		});
		assertThat(warnings(log)).hasSize(1);
	}

	private void closeAll() throws IOException {
		for (SocketChannel channel : this.channels) {
			channel.close();
		}
		this.channels.clear();
	}

	private static String serverClassPath() {
		// only what the server needs: every jar the class loader opens takes a descriptor
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> entry.endsWith("classes") || entry.contains("junixsocket") || entry.contains("jackson")
					|| entry.contains("jspecify"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	private static List<String> warnings(Path log) throws IOException {
		return Files.readAllLines(log).stream().filter((line) -> line.startsWith("WARNING")).toList();
	}

	private static Path loopThreadStat(long pid) throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.filter((task) -> read(task.resolve("comm")).strip().equals("udsrpc-loop-1"))
				.map((task) -> task.resolve("stat"))
				.findFirst()
				.orElseThrow();
		}
	}

	private static long cpuTicks(Path stat) {
		String text = read(stat);
		// the fields after the command name, which is in parentheses
		String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long count(Path directory) throws IOException {
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.count();
		}
	}

}
