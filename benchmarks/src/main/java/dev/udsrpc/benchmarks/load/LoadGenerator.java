package dev.udsrpc.benchmarks.load;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Drives requests at a server ({@code Echo}, or the calls of another {@link Exchange}): a
 * number of connections, each keeping a number of requests in flight (a new request is
 * sent for every response), and checks every response. A lean client of its own on JDK
 * socket channels: a connection served by a thread of its own is read and written
 * blocking, several connections share a thread through a selector.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class LoadGenerator {

	private static final long HIGHEST_LATENCY = TimeUnit.SECONDS.toNanos(60);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

	private final Path socket;

	private final Exchange exchange;

	private final int threads;

	/**
	 * Create a generator.
	 * @param socket the server's socket
	 * @param exchange the requests and what the server answers, such as an
	 * {@link EchoMessages.Expect}
	 * @param threads the most client threads
	 */
	public LoadGenerator(Path socket, Exchange exchange, int threads) {
		this.socket = Objects.requireNonNull(socket, "'socket' must not be null");
		this.exchange = Objects.requireNonNull(exchange, "'exchange' must not be null");
		this.threads = threads;
	}

	/**
	 * Run a load.
	 * @param connections the number of connections
	 * @param inFlight the requests each connection keeps in flight
	 * @param settle how long to run before measuring
	 * @param measure how long to measure
	 * @return what was measured
	 * @throws IOException if a connection fails or a response is wrong
	 * @throws InterruptedException if interrupted
	 */
	public LoadResult run(int connections, int inFlight, Duration settle, Duration measure)
			throws IOException, InterruptedException {
		List<Connection> all = new ArrayList<>(connections);
		try {
			for (int i = 0; i < connections; i++) {
				all.add(new Connection(open(this.socket), this.exchange, inFlight));
			}
			int loopCount = Math.min(this.threads, connections);
			List<Loop> loops = new ArrayList<>(loopCount);
			for (int i = 0; i < loopCount; i++) {
				loops.add(new Loop());
			}
			for (int i = 0; i < connections; i++) {
				loops.get(i % loopCount).connections.add(all.get(i));
			}
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < loopCount; i++) {
				Thread thread = new Thread(loops.get(i), "load-" + i);
				thread.setDaemon(true);
				threads.add(thread);
				thread.start();
			}
			Thread.sleep(settle.toMillis());
			long start = System.nanoTime();
			for (Loop loop : loops) {
				loop.measuring = true;
			}
			Thread.sleep(measure.toMillis());
			for (Loop loop : loops) {
				loop.measuring = false;
			}
			long end = System.nanoTime();
			for (Loop loop : loops) {
				loop.stopping = true;
				loop.wakeup();
			}
			long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
			for (Thread thread : threads) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			Histogram latency = new Histogram(HIGHEST_LATENCY, 3);
			long requests = 0;
			for (int i = 0; i < loopCount; i++) {
				Loop loop = loops.get(i);
				if (threads.get(i).isAlive()) {
					throw new IOException("Responses still missing " + DRAIN_TIMEOUT.toSeconds()
							+ " s after the end of the run: " + loop.outstanding() + " outstanding");
				}
				if (loop.failure != null) {
					throw loop.failure;
				}
				latency.add(loop.latency);
				requests += loop.measured;
			}
			return new LoadResult(requests, end - start, latency);
		}
		finally {
			for (Connection connection : all) {
				closeQuietly(connection.channel);
			}
		}
	}

	/**
	 * Open a blocking connection to a Unix domain socket.
	 * @param socket the socket path
	 * @return the connected channel
	 * @throws IOException if the connection cannot be made
	 */
	public static SocketChannel open(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.connect(UnixDomainSocketAddress.of(socket));
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw ex;
		}
		return channel;
	}

	static void closeQuietly(@Nullable SocketChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// nothing to do
			}
		}
	}

	/**
	 * One client thread and its connections.
	 */
	private final class Loop implements Runnable {

		final List<Connection> connections = new ArrayList<>();

		final Histogram latency = new Histogram(HIGHEST_LATENCY, 3);

		volatile boolean measuring;

		volatile boolean stopping;

		long measured;

		@Nullable IOException failure;

		private volatile @Nullable Selector selector;

		@Override
		public void run() {
			try {
				if (this.connections.size() == 1) {
					runBlocking(this.connections.get(0));
				}
				else {
					runSelecting();
				}
			}
			catch (IOException ex) {
				this.failure = ex;
			}
			catch (RuntimeException ex) {
				this.failure = new IOException(ex);
			}
		}

		void wakeup() {
			Selector current = this.selector;
			if (current != null) {
				current.wakeup();
			}
		}

		int outstanding() {
			int count = 0;
			for (Connection connection : this.connections) {
				count += connection.outstanding;
			}
			return count;
		}

		private void runBlocking(Connection connection) throws IOException {
			connection.fill(connection.inFlight, System.nanoTime());
			connection.writeBlocking();
			while (!this.stopping || connection.outstanding > 0) {
				int read = connection.channel.read(connection.in);
				if (read < 0) {
					throw new IOException("The server closed a connection");
				}
				int completed = receive(connection);
				if (!this.stopping && completed > 0) {
					connection.fill(completed, System.nanoTime());
					connection.writeBlocking();
				}
			}
		}

		private void runSelecting() throws IOException {
			try (Selector selector = Selector.open()) {
				this.selector = selector;
				long now = System.nanoTime();
				for (Connection connection : this.connections) {
					connection.channel.configureBlocking(false);
					connection.key = connection.channel.register(selector, SelectionKey.OP_READ, connection);
					connection.fill(connection.inFlight, now);
					connection.writeNonBlocking();
				}
				while (!this.stopping || outstanding() > 0) {
					selector.select(100);
					for (SelectionKey key : selector.selectedKeys()) {
						Connection connection = (Connection) key.attachment();
						if (key.isWritable()) {
							connection.writeNonBlocking();
						}
						if (key.isReadable()) {
							int read = connection.channel.read(connection.in);
							if (read < 0) {
								throw new IOException("The server closed a connection");
							}
							int completed = receive(connection);
							if (!this.stopping && completed > 0) {
								connection.fill(completed, System.nanoTime());
								connection.writeNonBlocking();
							}
						}
					}
					selector.selectedKeys().clear();
				}
			}
		}

		/**
		 * Check the complete lines received and record their latency.
		 * @return the number of responses
		 */
		private int receive(Connection connection) throws IOException {
			long now = System.nanoTime();
			boolean measure = this.measuring;
			ByteBuffer in = connection.in;
			byte[] bytes = in.array();
			int limit = in.position();
			int start = 0;
			int completed = 0;
			for (int i = 0; i < limit; i++) {
				if (bytes[i] != '\n') {
					continue;
				}
				if (i > start && !EchoMessages.isEvent(bytes, start, i)) {
					long id = LoadGenerator.this.exchange.parseResponse(bytes, start, i);
					long sentAt = (id >= 0) ? connection.complete(id) : -1;
					if (sentAt < 0) {
						throw new IOException("Unexpected response: "
								+ new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
					}
					if (now - sentAt < LoadGenerator.this.exchange.minimumRoundTripNanos()) {
						throw new IOException("Response after " + (now - sentAt) / 1000 + " µs, sooner than "
								+ LoadGenerator.this.exchange + " can answer: "
								+ new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
					}
					if (measure) {
						this.latency.recordValue(Math.min(now - sentAt, HIGHEST_LATENCY));
						this.measured++;
					}
					completed++;
				}
				start = i + 1;
			}
			if (start > 0) {
				in.limit(limit).position(start);
				in.compact();
			}
			else if (!in.hasRemaining()) {
				throw new IOException("A line longer than " + in.capacity() + " bytes was received");
			}
			return completed;
		}

	}

	/**
	 * One connection: its buffers and the requests it awaits.
	 */
	private static final class Connection {

		private static final int WINDOW = 4096;

		final SocketChannel channel;

		final Exchange exchange;

		final int inFlight;

		final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

		final ByteBuffer out = ByteBuffer.allocate(64 * 1024);

		final long[] sentIds = new long[WINDOW];

		final long[] sentAt = new long[WINDOW];

		long nextId = 1;

		int outstanding;

		@Nullable SelectionKey key;

		Connection(SocketChannel channel, Exchange exchange, int inFlight) {
			this.channel = channel;
			this.exchange = exchange;
			this.inFlight = inFlight;
		}

		/**
		 * Append requests to the output buffer.
		 */
		void fill(int count, long now) throws IOException {
			for (int i = 0; i < count; i++) {
				long id = this.nextId++;
				int slot = (int) (id & (WINDOW - 1));
				if (this.sentIds[slot] != 0) {
					throw new IOException(
							"Request " + this.sentIds[slot] + " is unanswered after " + WINDOW + " later requests");
				}
				this.sentIds[slot] = id;
				this.sentAt[slot] = now;
				this.exchange.writeRequest(this.out, id);
				this.outstanding++;
			}
		}

		/**
		 * Mark a request as answered.
		 * @return when it was sent, or {@code -1} if it is not awaited
		 */
		long complete(long id) {
			int slot = (int) (id & (WINDOW - 1));
			if (id == 0 || this.sentIds[slot] != id) {
				return -1;
			}
			this.sentIds[slot] = 0;
			this.outstanding--;
			return this.sentAt[slot];
		}

		void writeBlocking() throws IOException {
			this.out.flip();
			while (this.out.hasRemaining()) {
				this.channel.write(this.out);
			}
			this.out.clear();
		}

		void writeNonBlocking() throws IOException {
			this.out.flip();
			this.channel.write(this.out);
			this.out.compact();
			SelectionKey current = Objects.requireNonNull(this.key);
			int ops = (this.out.position() > 0) ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
			if (current.interestOps() != ops) {
				current.interestOps(ops);
			}
		}

	}

}
