package dev.udsrpc.sample;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs one {@code myd} with a 256 MB heap as a child process and attacks it through its
 * socket only, checking after each attack that it still answers and that its memory stays
 * bounded.
 */
class MydHardeningProcessTests {

	private static final String PING = "{\"id\":1,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":1,\"result\":{\"pong\":true}}";

	@TempDir
	Path xdg;

	private Path socket;

	@Test
	void nothingAClientDoesHurtsTheDaemonOrAnotherClient() throws Exception {
		// the socket is opened up to every user, so that only the uid check refuses
		Files.setPosixFilePermissions(this.xdg, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.socket = this.xdg.resolve("myd.sock");
		try (MydProcess daemon = MydProcess.start(this.xdg, List.of("-Xmx256m"),
				"--udsrpc.server.socket-path=" + this.socket, "--udsrpc.server.socket-permissions=rw-rw-rw-",
				"--udsrpc.server.max-connections=8", "--myd.max-keys=100")) {
			MydProcess.awaitServing(this.socket);
			aNonReadingClientDoesNotDelayEventsToAnother();
			assertServing(daemon);
			pipelinedFloodsAreAnswered();
			assertServing(daemon);
			anUnterminatedLineOf200MegabytesClosesOnlyItsConnection();
			assertServing(daemon);
			deepNestingAndGarbageAreAnswered();
			assertServing(daemon);
			halfClosedClientsGetEveryReply();
			assertServing(daemon);
			connectCloseCyclesLeaveNoFileDescriptors(daemon);
			assertServing(daemon);
			theNinthConnectionIsRefused();
			assertServing(daemon);
		}
	}

	private void aNonReadingClientDoesNotDelayEventsToAnother() throws Exception {
		Duration alone = burstOfEvents(false);
		Duration withIdle = burstOfEvents(true);
		System.out.println("4000 events of 1 KB: " + alone.toMillis() + " ms, with a never-reading client connected: "
				+ withIdle.toMillis() + " ms");
		assertThat(withIdle).isLessThan(alone.multipliedBy(2).plusSeconds(2));
	}

	private Duration burstOfEvents(boolean withIdle) throws Exception {
		String value = "v".repeat(1000);
		try (SocketChannel idle = connect();
				SocketClient reader = new SocketClient(this.socket);
				SocketClient driver = new SocketClient(this.socket)) {
			if (withIdle) {
				idle.write(ByteBuffer.wrap((PING + "\n").getBytes(StandardCharsets.UTF_8)));
			}
			else {
				idle.close();
			}
			assertThat(reader.call(PING)).isEqualTo(PONG);
			long start = System.nanoTime();
			CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> readLines(driver, 8000),
					TestThreads.PER_TASK);
			StringBuilder sets = new StringBuilder();
			for (int i = 0; i < 4000; i++) {
				sets.append("{\"id\":")
					.append(i)
					.append(",\"method\":\"Set\",\"params\":{\"key\":\"k\",\"value\":\"")
					.append(value)
					.append("\"}}\n");
			}
			driver.sendRaw(sets.toString());
			for (int i = 0; i < 4000; i++) {
				assertThat(reader.readLine()).startsWith("{\"type\":\"KeyChanged\",\"data\":{\"key\":\"k\"");
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			drained.get(30, TimeUnit.SECONDS);
			return elapsed;
		}
	}

	private void pipelinedFloodsAreAnswered() throws Exception {
		try (SocketClient client = new SocketClient(this.socket)) {
			CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> readLines(client, 200_000),
					TestThreads.PER_TASK);
			String pings = (PING + "\n").repeat(10_000);
			for (int i = 0; i < 20; i++) {
				client.sendRaw(pings);
			}
			answered.get(120, TimeUnit.SECONDS);
		}
		// a flooder that never reads is disconnected, its writes fail
		try (SocketChannel flooder = connect()) {
			byte[] pings = (PING + "\n").repeat(10_000).getBytes(StandardCharsets.UTF_8);
			assertThat(writeUntilClosed(flooder, pings, 2000)).isLessThan(2000L * pings.length);
		}
	}

	private void anUnterminatedLineOf200MegabytesClosesOnlyItsConnection() throws Exception {
		byte[] chunk = new byte[1024 * 1024];
		Arrays.fill(chunk, (byte) 'a');
		try (SocketChannel hog = connect()) {
			CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> writeUntilClosed(hog, chunk, 200),
					TestThreads.PER_TASK);
			String response = new String(readAll(hog), StandardCharsets.UTF_8);
			assertThat(response).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,");
			assertThat(written.get(60, TimeUnit.SECONDS)).isLessThan(200L * chunk.length);
		}
	}

	private void deepNestingAndGarbageAreAnswered() throws Exception {
		try (SocketClient client = new SocketClient(this.socket)) {
			client.send("[".repeat(100_000) + "]".repeat(100_000));
			assertThat(client.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
			client.send("{\"id\":2,\"method\":\"Echo\",\"params\":" + "{\"a\":".repeat(100_000));
			assertThat(client.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
			Random random = new Random(20_000);
			StringBuilder garbage = new StringBuilder();
			for (int i = 0; i < 20_000; i++) {
				for (int j = random.nextInt(100); j > 0; j--) {
					char c = (char) random.nextInt(0x3000);
					garbage.append((c == '\n' || Character.isSurrogate(c)) ? '{' : c);
				}
				garbage.append('\n');
			}
			CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
				try {
					String line;
					while (!(line = client.readLine()).equals("{\"id\":3,\"result\":{\"pong\":true}}")) {
						assertThat(line).contains("\"error\":{\"code\":-32");
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, TestThreads.PER_TASK);
			client.sendRaw(garbage.toString());
			client.send("{\"id\":3,\"method\":\"Ping\"}");
			answered.get(60, TimeUnit.SECONDS);
		}
	}

	private void halfClosedClientsGetEveryReply() throws Exception {
		List<SocketClient> clients = new ArrayList<>();
		try {
			for (int c = 0; c < 4; c++) {
				SocketClient client = new SocketClient(this.socket);
				clients.add(client);
				StringBuilder lines = new StringBuilder();
				for (int i = 0; i < 500; i++) {
					lines.append("{\"id\":")
						.append(i)
						.append(",\"method\":\"Echo\",\"params\":{\"msg\":\"m")
						.append(i)
						.append("\"}}\n");
				}
				client.sendRaw(lines.toString());
				client.shutdownOutput();
			}
			for (SocketClient client : clients) {
				for (int i = 0; i < 500; i++) {
					assertThat(client.receive()).contains("\"result\":{\"msg\":\"m");
				}
				assertThat(client.receive()).isNull();
			}
		}
		finally {
			for (SocketClient client : clients) {
				client.close();
			}
		}
	}

	private void connectCloseCyclesLeaveNoFileDescriptors(MydProcess daemon) throws Exception {
		Path fds = Path.of("/proc", Long.toString(daemon.pid()), "fd");
		long before = count(fds);
		for (int i = 0; i < 2000; i++) {
			try (SocketChannel channel = connect()) {
				if (i % 2 == 0) {
					channel.write(ByteBuffer.wrap((PING + "\n").getBytes(StandardCharsets.UTF_8)));
				}
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> count(fds) <= before);
		System.out.println(
				"File descriptors of myd before and after 2000 connect/close cycles: " + before + ", " + count(fds));
	}

	@Test
	void aPeerOfAnotherUserIsRefused() throws Exception {
		assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "needs root");
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
		// the socket is opened up to every user, so that only the uid check refuses
		Files.setPosixFilePermissions(this.xdg, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.socket = this.xdg.resolve("myd.sock");
		try (MydProcess daemon = MydProcess.start(this.xdg, List.of("-Xmx256m"),
				"--udsrpc.server.socket-path=" + this.socket, "--udsrpc.server.socket-permissions=rw-rw-rw-")) {
			MydProcess.awaitServing(this.socket);
			String script = "import socket, sys\n" + "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
					+ "s.settimeout(10)\n" + "s.connect(sys.argv[1])\n" + "try:\n"
					+ "    s.sendall(b'{\"id\":1,\"method\":\"Ping\"}\\n')\n"
					+ "    data = s.makefile('rb').readline()\n" + "except OSError:\n" + "    data = b''\n"
					+ "print(data.decode().strip() or 'closed')\n";
			Process process = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
					"/usr/bin/python3", "-c", script, this.socket.toString())
				.redirectErrorStream(true)
				.start();
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
				.isEqualTo("closed");
			assertServing(daemon);
		}
	}

	private void theNinthConnectionIsRefused() throws Exception {
		List<SocketClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				SocketClient client = new SocketClient(this.socket);
				clients.add(client);
				assertThat(client.call(PING)).isEqualTo(PONG);
			}
			try (SocketClient ninth = new SocketClient(this.socket)) {
				String answer;
				try {
					answer = ninth.send(PING).readLine();
				}
				catch (IOException ex) {
					// closed before the request was written, or with it unread
					answer = null;
				}
				assertThat(answer).isNull();
			}
		}
		finally {
			for (SocketClient client : clients) {
				client.close();
			}
		}
	}

	private void assertServing(MydProcess daemon) throws Exception {
		assertThat(daemon.isAlive()).isTrue();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			try (SocketClient client = new SocketClient(this.socket)) {
				assertThat(client.call(PING)).isEqualTo(PONG);
			}
		});
		long rssKb = Files.readAllLines(Path.of("/proc", Long.toString(daemon.pid()), "status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
		System.out.println("myd VmRSS: " + rssKb / 1024 + " MB");
		assertThat(rssKb).isLessThan(640 * 1024);
	}

	private SocketChannel connect() throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.socket));
		return channel;
	}

	private static void readLines(SocketClient client, int count) {
		try {
			for (int i = 0; i < count; i++) {
				if (client.readLine() == null) {
					throw new IllegalStateException("closed after " + i + " lines");
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long writeUntilClosed(SocketChannel channel, byte[] bytes, int times) {
		long written = 0;
		try {
			for (int i = 0; i < times; i++) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					written += channel.write(buffer);
				}
			}
		}
		catch (IOException ex) {
			// closed by the daemon
		}
		return written;
	}

	private static byte[] readAll(SocketChannel channel) {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		try {
			while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
				// until the daemon closes
			}
		}
		catch (IOException ex) {
			// reset: the daemon closed with input unread
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	private static long count(Path directory) throws IOException {
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.count();
		}
	}

}
