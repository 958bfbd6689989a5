package dev.udsrpc.sample;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code myd} with a 96 MB heap as a child process and sends it more incomplete
 * lines than its heap holds: it must close the connections holding the most and go on
 * serving, never run out of memory.
 */
class MydMemoryProcessTests {

	private static final String PING = "{\"id\":1,\"method\":\"Ping\"}";

	private static final String PONG = "{\"id\":1,\"result\":{\"pong\":true}}";

	private static final int MEGABYTE = 1024 * 1024;

	@TempDir
	Path xdg;

	@Test
	void twelveConnectionsSendingFifteenMegabytesWithoutANewlineDoNotExhaustA96MegabyteHeap() throws Exception {
		try (MydProcess daemon = MydProcess.start(this.xdg, List.of("-Xmx96m"))) {
			Path socket = MydProcess.socket(this.xdg);
			MydProcess.awaitServing(socket);
			List<SocketChannel> attackers = new ArrayList<>();
			List<CompletableFuture<Long>> written = new ArrayList<>();
			try {
				for (int i = 0; i < 12; i++) {
					SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
					channel.connect(UnixDomainSocketAddress.of(socket));
					attackers.add(channel);
					written.add(CompletableFuture.supplyAsync(() -> writeUnterminated(channel, 15 * MEGABYTE),
							TestThreads.PER_TASK));
				}
				long total = 0;
				for (CompletableFuture<Long> attack : written) {
					total += attack.get(120, TimeUnit.SECONDS);
				}
				System.out.println("Unterminated bytes written by 12 connections: " + total / MEGABYTE + " MB");
				assertThat(daemon.isAlive()).as("myd is alive; its output:%n%s", daemon.output()).isTrue();
				try (LineClient client = new LineClient(socket)) {
					assertThat(client.call(PING)).isEqualTo(PONG);
				}
			}
			finally {
				for (SocketChannel attacker : attackers) {
					attacker.close();
				}
			}
			try (LineClient client = new LineClient(socket)) {
				assertThat(client.call(PING)).isEqualTo(PONG);
			}
			assertThat(daemon.isAlive()).isTrue();
			assertThat(daemon.output()).doesNotContain("OutOfMemoryError");
		}
	}

	private static long writeUnterminated(SocketChannel channel, int bytes) {
		byte[] chunk = new byte[MEGABYTE];
		Arrays.fill(chunk, (byte) 'a');
		long written = 0;
		try {
			while (written < bytes) {
				ByteBuffer buffer = ByteBuffer.wrap(chunk);
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

}
