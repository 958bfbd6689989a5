package dev.udsrpc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.OtherUserClient;
import dev.udsrpc.test.TestThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks one {@code myd} with a 256 MB heap, running as a child process, through its
 * socket only. Each attack is a test of its own, and after each the daemon must still
 * answer another client within bounded memory. A connection the daemon closes on purpose
 * (too long a line, a flood it is not read, a connection over the limit) fails the
 * attacker's writes: that is expected of those connections, and of no other.
 */
class MydHardeningProcessTests {

	private static final String PING = "{\"id\":1,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":1,\"result\":{\"pong\":true}}";

	@TempDir
	static Path xdg;

	private static MydProcess daemon;

	private static Path socket;

	@BeforeAll
	static void startTheDaemon() throws IOException {
		// the socket is opened up to every user, so that only the uid check refuses
		Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwxr-xr-x"));
		socket = xdg.resolve("myd.sock");
		daemon = MydProcess.start(xdg, List.of("-Xmx256m"), "--udsrpc.server.socket-path=" + socket,
				"--udsrpc.server.socket-permissions=rw-rw-rw-", "--myd.max-keys=100");
		MydProcess.awaitServing(socket);
	}

	@AfterAll
	static void stopTheDaemon() throws InterruptedException {
		if (daemon != null) {
			daemon.close();
		}
	}

	@AfterEach
	void theDaemonStillAnswersWithinBoundedMemory() throws IOException {
		assertServing(daemon, socket);
	}

	@Test
	void aClientThatNeverReadsDoesNotHoldBackEventsToAnother() throws Exception {
		String value = "v".repeat(1000);
		try (SocketChannel idle = connect(socket);
				LineClient reader = new LineClient(socket);
				LineClient driver = new LineClient(socket)) {
			write(idle, PING + "\n");
			assertThat(reader.call(PING)).isEqualTo(PONG);
			long start = System.nanoTime();
			StringBuilder sets = new StringBuilder();
			for (int i = 0; i < 4000; i++) {
				sets.append("{\"id\":")
					.append(i)
					.append(",\"method\":\"Set\",\"params\":{\"key\":\"k\",\"value\":\"")
					.append(value)
					.append("\"}}\n");
			}
			driver.sendRaw(sets.toString());
			// 4 MB of events queue up for the idle client, far more than its socket
			// buffer: a daemon that waited for it would never send the rest to the reader
			for (int i = 0; i < 4000; i++) {
				assertThat(reader.receive()).startsWith("{\"type\":\"KeyChanged\",\"data\":{\"key\":\"k\"");
			}
			System.out.println("4000 events of 1 KB with a never-reading client connected: "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
			assertThat(driver.receive(8000)).hasSize(8000);
		}
	}

	@Test
	void pipelinedFloodsAreAnswered() throws Exception {
		try (LineClient client = new LineClient(socket)) {
			CompletableFuture<List<String>> answered = CompletableFuture.supplyAsync(() -> client.receive(200_000),
					TestThreads.PER_TASK);
			String pings = (PING + "\n").repeat(10_000);
			for (int i = 0; i < 20; i++) {
				client.sendRaw(pings);
			}
			assertThat(answered.get(120, TimeUnit.SECONDS)).hasSize(200_000).allMatch(PONG::equals);
		}
	}

	@Test
	void aFlooderThatNeverReadsIsDisconnected() throws Exception {
		try (SocketChannel flooder = connect(socket)) {
			byte[] pings = (PING + "\n").repeat(10_000).getBytes(StandardCharsets.UTF_8);
			// its writes fail once the daemon closes it
			assertThat(writeUntilClosed(flooder, pings, 2000)).isLessThan(2000L * pings.length);
		}
	}

	@Test
	void anUnterminatedLineOf200MegabytesClosesOnlyItsConnection() throws Exception {
		byte[] chunk = new byte[1024 * 1024];
		Arrays.fill(chunk, (byte) 'a');
		try (LineClient bystander = new LineClient(socket); SocketChannel hog = connect(socket)) {
			CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> writeUntilClosed(hog, chunk, 200),
					TestThreads.PER_TASK);
			String response = new String(readAll(hog), StandardCharsets.UTF_8);
			assertThat(response).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,");
			assertThat(written.get(60, TimeUnit.SECONDS)).isLessThan(200L * chunk.length);
			assertThat(bystander.call(PING)).isEqualTo(PONG);
		}
	}

	@Test
	void deepNestingIsAParseErrorAndTheConnectionStaysUsable() {
		try (LineClient client = new LineClient(socket)) {
			client.send("[".repeat(100_000) + "]".repeat(100_000));
			assertThat(client.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
			client.send("{\"id\":2,\"method\":\"Echo\",\"params\":" + "{\"a\":".repeat(100_000));
			assertThat(client.receive()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
			assertThat(client.call(PING)).isEqualTo(PONG);
		}
	}

	@Test
	void everyLineOfGarbageIsAnsweredWithAnErrorAndTheConnectionStaysUsable() throws Exception {
		Random random = new Random(20_000);
		StringBuilder garbage = new StringBuilder();
		for (int i = 0; i < 20_000; i++) {
			for (int j = random.nextInt(100); j > 0; j--) {
				char c = (char) random.nextInt(0x3000);
				garbage.append((c == '\n' || Character.isSurrogate(c)) ? '{' : c);
			}
			garbage.append('\n');
		}
		try (LineClient client = new LineClient(socket)) {
			CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
				String line;
				while (!(line = client.receive()).equals("{\"id\":3,\"result\":{\"pong\":true}}")) {
					assertThat(line).contains("\"error\":{\"code\":-32");
				}
			}, TestThreads.PER_TASK);
			client.sendRaw(garbage.toString());
			client.send("{\"id\":3,\"method\":\"Ping\"}");
			answered.get(60, TimeUnit.SECONDS);
		}
	}

	@Test
	void halfClosedClientsGetEveryReply() {
		List<LineClient> clients = new ArrayList<>();
		try {
			for (int c = 0; c < 4; c++) {
				LineClient client = new LineClient(socket);
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
			for (LineClient client : clients) {
				assertThat(client.receive(500)).allMatch((line) -> line.contains("\"result\":{\"msg\":\"m"));
				client.awaitEndOfStream();
			}
		}
		finally {
			clients.forEach(LineClient::close);
		}
	}

	@Test
	void connectCloseCyclesLeaveNoFileDescriptors() throws Exception {
		Path fds = Path.of("/proc", Long.toString(daemon.pid()), "fd");
		long before = count(fds);
		for (int i = 0; i < 2000; i++) {
			try (SocketChannel channel = connect(socket)) {
				if (i % 2 == 0) {
					write(channel, PING + "\n");
				}
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> count(fds) <= before);
		System.out.println(
				"File descriptors of myd before and after 2000 connect/close cycles: " + before + ", " + count(fds));
	}

	@Test
	void aPeerOfAnotherUserIsRefused() {
		OtherUserClient.assumeAvailable();
		assertThat(OtherUserClient.call(socket, 65534, 65534, List.of(), PING)).isEqualTo("closed");
	}

	@Test
	void theNinthConnectionIsRefusedWhenEightAreAllowed(@TempDir Path runtimeDir) throws Exception {
		Path limited = runtimeDir.resolve("myd.sock");
		try (MydProcess limitedDaemon = MydProcess.start(runtimeDir, List.of("-Xmx256m"),
				"--udsrpc.server.socket-path=" + limited, "--udsrpc.server.max-connections=8")) {
			MydProcess.awaitServing(limited);
			List<LineClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					LineClient client = new LineClient(limited);
					clients.add(client);
					assertThat(client.call(PING)).isEqualTo(PONG);
				}
				try (LineClient ninth = new LineClient(limited)) {
					try {
						ninth.send(PING);
					}
					catch (UncheckedIOException ex) {
						// closed before the request was written
					}
					assertThat(ninth.awaitsEof()).isTrue();
				}
			}
			finally {
				clients.forEach(LineClient::close);
			}
			assertServing(limitedDaemon, limited);
		}
	}

	private static void assertServing(MydProcess daemon, Path socket) throws IOException {
		assertThat(daemon.isAlive()).as("myd is alive").isTrue();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			try (LineClient client = new LineClient(socket)) {
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

	private static SocketChannel connect(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(socket));
		return channel;
	}

	private static void write(SocketChannel channel, String text) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/**
	 * Write the bytes again and again on a connection that the daemon is to close.
	 * @return how many bytes were written before a write failed
	 */
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
			// closed by the daemon, on purpose
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
