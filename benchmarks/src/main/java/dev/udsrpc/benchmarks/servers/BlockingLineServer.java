package dev.udsrpc.benchmarks.servers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A baseline server on junixsocket: a thread per connection reads what is available,
 * handles every complete line on the reading thread and writes what they produced with
 * one write per burst.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
abstract class BlockingLineServer {

	private static final int BUFFER_SIZE = 64 * 1024;

	/**
	 * Handle the complete lines of a burst.
	 * @param buffer the received bytes
	 * @param end the end of the last complete line, its terminator included
	 * @param out where to put the responses
	 * @throws IOException if the connection fails
	 */
	abstract void handle(byte[] buffer, int end, Output out) throws IOException;

	/**
	 * Serve on the given socket path until the process is killed.
	 * @param socket the socket path
	 * @throws IOException if the socket cannot be bound
	 */
	final void serve(Path socket) throws IOException {
		Files.deleteIfExists(socket);
		try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
			server.bind(AFUNIXSocketAddress.of(socket), 1024);
			System.out.println("Serving on " + socket);
			while (true) {
				AFUNIXSocket client = server.accept();
				Thread thread = new Thread(() -> serve(client), "connection");
				thread.setDaemon(true);
				thread.start();
			}
		}
	}

	private void serve(AFUNIXSocket client) {
		try (client) {
			InputStream in = client.getInputStream();
			Output out = new Output(client.getOutputStream());
			byte[] buffer = new byte[BUFFER_SIZE];
			int length = 0;
			int read;
			while ((read = in.read(buffer, length, buffer.length - length)) > 0) {
				length += read;
				int end = lastLineEnd(buffer, length);
				if (end > 0) {
					handle(buffer, end, out);
					out.flush();
					System.arraycopy(buffer, end, buffer, 0, length - end);
					length -= end;
				}
				else if (length == buffer.length) {
					buffer = Arrays.copyOf(buffer, buffer.length * 2);
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static int lastLineEnd(byte[] buffer, int length) {
		for (int i = length - 1; i >= 0; i--) {
			if (buffer[i] == '\n') {
				return i + 1;
			}
		}
		return 0;
	}

	static Path socketArgument(String[] args) {
		if (args.length != 1) {
			throw new IllegalArgumentException("Usage: <socket path>");
		}
		return new File(args[0]).toPath();
	}

	/**
	 * The responses of a burst, written with one write.
	 */
	static final class Output extends OutputStream {

		private final OutputStream target;

		private byte[] buffer = new byte[BUFFER_SIZE];

		private int length;

		Output(OutputStream target) {
			this.target = target;
		}

		@Override
		public void write(int b) {
			ensure(1);
			this.buffer[this.length++] = (byte) b;
		}

		@Override
		public void write(byte[] bytes) {
			write(bytes, 0, bytes.length);
		}

		@Override
		public void write(byte[] bytes, int offset, int len) {
			ensure(len);
			System.arraycopy(bytes, offset, this.buffer, this.length, len);
			this.length += len;
		}

		@Override
		public void flush() throws IOException {
			if (this.length > 0) {
				this.target.write(this.buffer, 0, this.length);
				this.length = 0;
			}
		}

		@Override
		public void close() {
			// a mapper closes its target; the output stays usable
		}

		private void ensure(int extra) {
			if (this.length + extra > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.max(this.length + extra, this.buffer.length * 2));
			}
		}

	}

}
