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

	/**
	 * Connect to a socket.
	 * @param socket the socket
	 * @throws UncheckedIOException if the connection fails
	 */
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

	/**
	 * Send a line: the text and a newline.
	 * @param text the line without its terminator
	 * @return this client
	 * @throws UncheckedIOException if writing fails, such as when the server closed the
	 * connection
	 */
	public LineClient send(String text) {
		return sendRaw(text + "\n");
	}

	/**
	 * Send text as it is, in UTF-8.
	 * @param text the text
	 * @return this client
	 * @throws UncheckedIOException if writing fails
	 */
	public LineClient sendRaw(String text) {
		return sendBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send bytes as they are.
	 * @param bytes the bytes
	 * @return this client
	 * @throws UncheckedIOException if writing fails
	 */
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

	/**
	 * Half-close the connection: the server reads the end of the stream, and may still
	 * answer.
	 */
	public void shutdownOutput() {
		try {
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Send a line and return the next line received.
	 * @param line the line without its terminator
	 * @return the next line
	 * @throws AssertionError if no line arrives within ten seconds or the server closes
	 * the connection
	 */
	public String call(String line) {
		return send(line).receive();
	}

	/**
	 * Return the next line, failing after ten seconds.
	 * @return the line, without its terminator
	 * @throws AssertionError if no line arrives within ten seconds or the server closes
	 * the connection
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

	/**
	 * Return the next lines, failing after ten seconds without one.
	 * @param count how many lines
	 * @return the lines
	 */
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
	 * @return {@code true} if the connection was closed
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
	 * Wait for the server to close the connection, with no line before the end.
	 * @throws AssertionError if a line arrives first, or the connection is still open
	 * after ten seconds
	 */
	public void awaitEndOfStream() {
		String line = poll(Duration.ofSeconds(10));
		if (line == null) {
			throw new AssertionError("The server did not close the connection within 10 seconds");
		}
		if (!line.equals(EOF)) {
			throw new AssertionError("Expected the end of the stream, but received: " + line);
		}
	}

	/**
	 * Return a line if one arrives within the timeout.
	 * @param timeout how long to wait
	 * @return the line, {@code null} if none arrived
	 */
	public @Nullable String poll(Duration timeout) {
		try {
			String line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (EOF.equals(line)) {
				// the end stays the end for whoever asks next
				this.lines.add(EOF);
			}
			return line;
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
