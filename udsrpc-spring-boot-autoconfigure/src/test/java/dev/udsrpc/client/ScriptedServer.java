package dev.udsrpc.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server that answers each request line with the lines a script makes of the request's
 * id, whatever they are, over the JDK's own Unix domain socket channels: a server a
 * client must not trust to be well-formed.
 */
final class ScriptedServer implements AutoCloseable {

	private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

	private final ServerSocketChannel server;

	private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();

	private final Function<String, String> script;

	/**
	 * Serve the given socket.
	 * @param socket the socket to bind
	 * @param script makes the text to answer (lines with their terminators) from the id
	 * of each request
	 */
	ScriptedServer(Path socket, Function<String, String> script) {
		this.script = script;
		try {
			this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			this.server.bind(UnixDomainSocketAddress.of(socket));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "scripted-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Write text to every connection now.
	 * @param text lines with their terminators
	 */
	void push(String text) {
		for (SocketChannel connection : this.connections) {
			write(connection, text);
		}
	}

	private void accept() {
		try {
			while (true) {
				SocketChannel connection = this.server.accept();
				if (!keep(connection)) {
					connection.close();
					return;
				}
				Thread thread = new Thread(() -> serve(connection), "scripted-connection");
				thread.setDaemon(true);
				thread.start();
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	// a connection accepted while close() runs is closed by one of them, never by neither
	private synchronized boolean keep(SocketChannel connection) {
		if (!this.server.isOpen()) {
			return false;
		}
		this.connections.add(connection);
		return true;
	}

	private void serve(SocketChannel connection) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				Matcher id = ID.matcher(line);
				write(connection, this.script.apply(id.find() ? id.group(1) : "null"));
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	private static void write(SocketChannel connection, String text) {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		try {
			synchronized (connection) {
				while (buffer.hasRemaining()) {
					connection.write(buffer);
				}
			}
		}
		catch (IOException ex) {
			// the client left
		}
	}

	@Override
	public synchronized void close() throws IOException {
		this.server.close();
		for (SocketChannel connection : this.connections) {
			connection.close();
		}
	}

}
