package dev.udsrpc.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A blocking newline-delimited JSON client over the JDK's Unix domain socket channel.
 */
final class SocketClient implements AutoCloseable {

	private final SocketChannel channel;

	private final BufferedReader reader;

	SocketClient(Path socket) throws IOException {
		this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		this.channel.connect(UnixDomainSocketAddress.of(socket));
		this.reader = new BufferedReader(
				new InputStreamReader(Channels.newInputStream(this.channel), StandardCharsets.UTF_8));
	}

	SocketClient send(String line) throws IOException {
		return sendRaw(line + "\n");
	}

	SocketClient sendRaw(String text) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			this.channel.write(buffer);
		}
		return this;
	}

	/**
	 * Read the next line, failing after ten seconds; {@code null} at end of stream.
	 */
	String receive() throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return this.reader.readLine();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, TestThreads.PER_TASK).get(10, TimeUnit.SECONDS);
	}

	/**
	 * Read the next line, blocking; {@code null} at end of stream.
	 */
	String readLine() throws IOException {
		return this.reader.readLine();
	}

	void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	String call(String line) throws Exception {
		return send(line).receive();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
