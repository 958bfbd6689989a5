package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many clients connecting at once, as Go's {@code net.Dial} does on a Unix socket: a
 * non-blocking connect each, all issued before the server accepts any, so that they wait
 * in the listen backlog together; a connect the backlog has no room for fails at once
 * ({@code EAGAIN}) and is not retried. Then every client that connected sends a
 * {@code Ping} and reads its answer.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ConnectStorm {

	private ConnectStorm() {
	}

	/**
	 * Connect the clients and have each served once.
	 * @param socket the server's socket
	 * @param clients the number of clients
	 * @param connected receives the connected channels, blocking again, which the caller
	 * closes
	 * @return what happened
	 * @throws IOException if a connected client is not answered
	 */
	static Result connect(Path socket, int clients, List<SocketChannel> connected) throws IOException {
		UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
		List<SocketChannel> opened = new ArrayList<>(clients);
		for (int i = 0; i < clients; i++) {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.configureBlocking(false);
			opened.add(channel);
		}
		long start = System.nanoTime();
		int failed = 0;
		for (SocketChannel channel : opened) {
			try {
				// a Unix socket connects at once or not at all
				if (channel.connect(address) || channel.finishConnect()) {
					connected.add(channel);
					continue;
				}
			}
			catch (IOException ex) {
				// the listen backlog is full
			}
			failed++;
			channel.close();
		}
		long issued = System.nanoTime();
		int id = 0;
		for (SocketChannel channel : connected) {
			channel.configureBlocking(true);
			Launcher.ping(channel, ++id);
		}
		long served = System.nanoTime();
		return new Result(clients, connected.size(), failed, (issued - start) / 1e6, (served - start) / 1e6);
	}

	/**
	 * What a storm did.
	 *
	 * @param clients the clients that tried to connect
	 * @param served those that connected and were answered
	 * @param refused those whose connect failed
	 * @param connectMillis the time to issue every connect
	 * @param servedMillis the time until the last client was answered
	 */
	record Result(int clients, int served, int refused, double connectMillis, double servedMillis) {

	}

}
