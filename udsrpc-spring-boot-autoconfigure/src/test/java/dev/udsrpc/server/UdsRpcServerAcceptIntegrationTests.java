package dev.udsrpc.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.test.LineClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for accepting connections under load: bursts of connects, the
 * connection limits, refusals and slow connection listeners.
 */
class UdsRpcServerAcceptIntegrationTests {

	private static final String PING = "{\"id\":1,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":1,\"result\":{\"pong\":true}}";

	@TempDir
	Path tempDir;

	private final List<LineClient> clients = new ArrayList<>();

	private final List<SocketChannel> channels = new ArrayList<>();

	private UdsRpcServer server;

	private Path socket;

	@AfterEach
	void stopServer() {
		this.clients.forEach(LineClient::close);
		for (SocketChannel channel : this.channels) {
			closeQuietly(channel);
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aThousandSimultaneousNonBlockingConnectsAreAllAcceptedAndServed() throws Exception {
		start((builder) -> {
		});
		UnixDomainSocketAddress address = UnixDomainSocketAddress.of(this.socket);
		for (int i = 0; i < 1000; i++) {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			this.channels.add(channel);
			channel.configureBlocking(false);
			if (!channel.connect(address)) {
				channel.finishConnect();
			}
		}
		for (SocketChannel channel : this.channels) {
			channel.configureBlocking(true);
			channel.write(ByteBuffer.wrap((PING + "\n").getBytes(StandardCharsets.UTF_8)));
		}
		for (SocketChannel channel : this.channels) {
			assertThat(readLine(channel)).isEqualTo(PONG);
		}
		assertThat(this.server.connections()).hasSize(1000);
	}

	@Test
	void aConnectionClosedAtTheLimitMakesRoomForOneOpenedRightAfter() throws Exception {
		start((builder) -> builder.maxConnections(8));
		for (int i = 0; i < 8; i++) {
			assertThat(ping(open())).isEqualTo(PONG);
		}
		for (int round = 0; round < 100; round++) {
			// closed with no thread blocked reading it, so that the kernel closes it at
			// once
			this.channels.remove(0).close();
			assertThat(ping(open())).as("round %d", round).isEqualTo(PONG);
		}
	}

	@Test
	void refusesTheConnectionsOfOneUserBeyondItsShare() {
		List<String> refusals = new CopyOnWriteArrayList<>();
		start((builder) -> builder.maxConnectionsPerUid(2).listener(new UdsRpcConnectionListener() {

			@Override
			public void connectionRefused(@Nullable PeerCredentials peer, String reason) {
				refusals.add(reason);
			}

		}));
		LineClient first = connect();
		assertThat(first.send(PING).receive()).isEqualTo(PONG);
		assertThat(connect().send(PING).receive()).isEqualTo(PONG);
		try (LineClient third = new LineClient(this.socket)) {
			assertThat(third.awaitsEof()).isTrue();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> refusals.contains("uid-limit"));
		this.clients.remove(first);
		first.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().size() == 1);
		assertThat(connect().send(PING).receive()).isEqualTo(PONG);
	}

	@Test
	void aConnectionAcceptedJustBeforeARefusalIsRead() {
		// the refusal closes hung-up connections first, with a select of its own that
		// must not swallow the wake-up that starts reading the accepted connection
		start((builder) -> builder.maxConnectionsPerUid(1).listener(new UdsRpcConnectionListener() {
		}));
		for (int round = 0; round < 20; round++) {
			try (LineClient accepted = new LineClient(this.socket); LineClient refused = new LineClient(this.socket)) {
				assertThat(refused.awaitsEof()).isTrue();
				assertThat(accepted.send(PING).receive()).as("round %d", round).isEqualTo(PONG);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().isEmpty());
		}
	}

	@Test
	void refusalsOfAUserAreLoggedOnceAndThenCounted() throws Exception {
		List<String> warnings = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
					warnings.add(record.getMessage());
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Logger logger = Logger.getLogger(UdsRpcServer.class.getName());
		logger.addHandler(handler);
		try {
			// only a user that does not exist is allowed: every connection of this one
			// is refused
			start((builder) -> builder.allowedUids(List.of(4_000_000L)));
			for (int i = 0; i < 2000; i++) {
				try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(this.socket))) {
					// refused as soon as it is accepted
				}
			}
			try (LineClient last = new LineClient(this.socket)) {
				assertThat(last.awaitsEof()).isTrue();
			}
			assertThat(warnings).hasSize(1);
			assertThat(warnings.get(0)).contains("uid " + new com.sun.security.auth.module.UnixSystem().getUid())
				.contains("not allowed");
		}
		finally {
			logger.removeHandler(handler);
		}
	}

	@Test
	void aSlowListenerDelaysNeitherAcceptingNorOtherConnectionsAndSeesEachConnectionBeforeItsFirstCall()
			throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<String> order = new CopyOnWriteArrayList<>();
		start((builder) -> builder.listener(new UdsRpcConnectionListener() {

			@Override
			public void connectionOpened(UdsRpcConnection connection) {
				order.add("opened " + connection.id());
				if (connection.id() > 1) {
					awaitLatch(release);
				}
			}

		}));
		LineClient first = connect();
		assertThat(first.send(PING).receive()).isEqualTo(PONG);
		List<LineClient> waiting = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			waiting.add(connect().send(PING));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connections().size() == 11);
		assertThat(first.send(PING).receive()).isEqualTo(PONG);
		release.countDown();
		for (LineClient client : waiting) {
			assertThat(client.receive()).isEqualTo(PONG);
		}
		assertThat(order).hasSize(11);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private SocketChannel open() throws IOException {
		SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(this.socket));
		this.channels.add(channel);
		return channel;
	}

	private static String ping(SocketChannel channel) {
		try {
			channel.write(ByteBuffer.wrap((PING + "\n").getBytes(StandardCharsets.UTF_8)));
			return readLine(channel);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static String readLine(SocketChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(256);
		StringBuilder line = new StringBuilder();
		while (true) {
			buffer.clear().limit(1);
			if (channel.read(buffer) < 0) {
				return line.toString();
			}
			char c = (char) buffer.get(0);
			if (c == '\n') {
				return line.toString();
			}
			line.append(c);
		}
	}

	private void start(Consumer<UdsRpcServer.Builder> customizer) {
		this.socket = this.tempDir.resolve("t.sock");
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.registerAnnotated(new TestHandlers(), "testHandlers");
		UdsRpcServer.Builder builder = UdsRpcServer.builder(registry).socketPath(this.socket);
		customizer.accept(builder);
		this.server = builder.build().start();
	}

	private LineClient connect() {
		LineClient client = new LineClient(this.socket);
		this.clients.add(client);
		return client;
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
