package dev.udsrpc.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A test client that speaks raw lines over the JDK's own Unix domain socket channel, so
 * the server is tested against a client that shares none of its code.
 */
public final class LineClient implements AutoCloseable {

	private static final String EOF = "\u0000EOF";

	private final SocketChannel channel;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Thread reader;

	public LineClient(Path socket) {
		try {
			this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			this.channel.connect(UnixDomainSocketAddress.of(socket));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.reader = new Thread(this::readLoop, "line-client-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	public LineClient send(String text) {
		return sendRaw(text + "\n");
	}

	public LineClient sendRaw(String text) {
		return sendBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	public LineClient sendBytes(byte[] bytes) {
		try {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	public void shutdownOutput() {
		try {
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the next line, failing after ten seconds.
	 */
	public String receive() {
		String line = poll(Duration.ofSeconds(10));
		if (line == null) {
			throw new AssertionError("No line received within 10 seconds");
		}
		if (line.equals(EOF)) {
			throw new AssertionError("Connection closed by the server");
		}
		return line;
	}

	public List<String> receive(int count) {
		List<String> received = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			received.add(receive());
		}
		return received;
	}

	/**
	 * Return whether the server closed the connection (after any lines still unread are
	 * skipped) within ten seconds.
	 */
	public boolean awaitsEof() {
		String line;
		while ((line = poll(Duration.ofSeconds(10))) != null) {
			if (line.equals(EOF)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return a line if one arrives within the timeout.
	 */
	public @Nullable String poll(Duration timeout) {
		try {
			return this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private void readLoop() {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		try {
			while (this.channel.read(buffer) >= 0) {
				buffer.flip();
				while (buffer.hasRemaining()) {
					byte b = buffer.get();
					if (b == '\n') {
						this.lines.add(line.toString(StandardCharsets.UTF_8));
						line.reset();
					}
					else {
						line.write(b);
					}
				}
				buffer.clear();
			}
		}
		catch (IOException ex) {
			// closed
		}
		this.lines.add(EOF);
	}

	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// ignore
		}
	}

}
