package dev.udsrpc.benchmarks.servers;

import java.io.IOException;

/**
 * A line echo: writes back every complete line it reads with a write of its own, as a
 * server that answers one line at a time does. The raw echo writes all the lines of a
 * read with one write.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class LineEchoServer extends BlockingLineServer {

	@Override
	void handle(byte[] buffer, int end, Output out) throws IOException {
		int start = 0;
		for (int i = 0; i < end; i++) {
			if (buffer[i] == '\n') {
				out.write(buffer, start, i + 1 - start);
				out.flush();
				start = i + 1;
			}
		}
	}

	public static void main(String[] args) throws IOException {
		new LineEchoServer().serve(socketArgument(args));
	}

}
