package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.benchmarks.Launcher.RunningServer;
import dev.udsrpc.benchmarks.load.LoadGenerator;

/**
 * Many connected clients: the memory each idle connection costs the daemon, then how long
 * a broadcast takes to reach all of them.
 * <p>
 * A fresh daemon runs with a fixed, pre-touched heap ({@code -Xms} = {@code -Xmx},
 * {@code -XX:+AlwaysPreTouch}), so that heap growth does not show in its resident set:
 * the resident set grows by what connections cost outside the heap, and the heap they
 * retain is read separately, after a full GC ({@code jcmd GC.run}, {@code jstat}).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class IdlePhase {

	private static final String KEY = "bench";

	private static final int RECEIVER_THREADS = 4;

	private final Options options;

	private final Launcher launcher;

	IdlePhase(Options options, Launcher launcher) {
		this.options = options;
		this.launcher = launcher;
	}

	Result run() throws IOException, InterruptedException {
		List<SocketChannel> clients = new ArrayList<>();
		try (RunningServer daemon = this.launcher.startServer(ServerKind.UDSRPC, List.of("-XX:+AlwaysPreTouch"))) {
			BenchmarkRunner.log("Started a fresh " + daemon.kind().title() + " (pid " + daemon.jvm().pid()
					+ ") for the idle connection and broadcast measurements");
			// load the classes of the request and connection paths first
			new LoadGenerator(daemon.socket(), daemon.kind().expect(), 2).run(16, 4, Duration.ZERO,
					Duration.ofSeconds(2));
			for (int i = 0; i < 100; i++) {
				try (SocketChannel channel = LoadGenerator.open(daemon.socket())) {
					Launcher.ping(channel, i);
				}
			}
			Launcher.sleep(1000);
			long heapBefore = daemon.jvm().usedHeapAfterGcKilobytes();
			Launcher.sleep(500);
			long rssBefore = daemon.jvm().residentKilobytes();
			long threadsBefore = daemon.jvm().threads();
			// all at once, as Go clients connect
			ConnectStorm.Result storm = ConnectStorm.connect(daemon.socket(), this.options.idleConnections, clients);
			BenchmarkRunner
				.log(String.format("%d clients connecting at once: %d served, %d refused, all served in %.1f ms",
						storm.clients(), storm.served(), storm.refused(), storm.servedMillis()));
			Launcher.sleep(1000);
			long heapAfter = daemon.jvm().usedHeapAfterGcKilobytes();
			Launcher.sleep(500);
			long rssAfter = daemon.jvm().residentKilobytes();
			long threadsAfter = daemon.jvm().threads();
			Memory memory = new Memory(this.options.idleConnections, rssBefore, rssAfter, heapBefore, heapAfter,
					threadsBefore, threadsAfter);
			BenchmarkRunner.log(String.format(
					"%d idle connections: RSS %,d -> %,d KB, heap after GC %,d -> %,d KB, threads %d -> %d",
					memory.connections, rssBefore, rssAfter, heapBefore, heapAfter, threadsBefore, threadsAfter));
			Broadcast broadcast = broadcast(daemon, clients);
			return new Result(memory, broadcast, storm);
		}
		finally {
			for (SocketChannel channel : clients) {
				try {
					channel.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		}
	}

	private Broadcast broadcast(RunningServer daemon, List<SocketChannel> clients)
			throws IOException, InterruptedException {
		Receivers receivers = new Receivers(clients);
		List<Double> last = new ArrayList<>();
		List<Double> first = new ArrayList<>();
		try (SocketChannel sender = LoadGenerator.open(daemon.socket())) {
			int warmup = Math.max(5, this.options.broadcastRounds / 2);
			for (int round = 1; round <= warmup + this.options.broadcastRounds; round++) {
				String value = "v" + round;
				String event = "{\"type\":\"KeyChanged\",\"data\":{\"key\":\"" + KEY + "\",\"value\":\"" + value
						+ "\"}}";
				String expectedResponse = "{\"id\":" + round + ",\"result\":{\"key\":\"" + KEY + "\",\"value\":\""
						+ value + "\"}}";
				CountDownLatch latch = receivers.expect(event.getBytes(StandardCharsets.UTF_8));
				long start = System.nanoTime();
				sender.write(ByteBuffer.wrap(("{\"id\":" + round + ",\"method\":\"Set\",\"params\":{\"key\":\"" + KEY
						+ "\",\"value\":\"" + value + "\"}}\n")
					.getBytes(StandardCharsets.UTF_8)));
				if (!latch.await(30, TimeUnit.SECONDS)) {
					throw new IOException("Only " + (clients.size() - latch.getCount()) + " of " + clients.size()
							+ " clients received " + event);
				}
				// the sender receives the event too, and its response
				boolean answered = false;
				while (!answered) {
					String line = new String(Launcher.readLine(sender), StandardCharsets.UTF_8);
					if (line.equals(expectedResponse)) {
						answered = true;
					}
					else if (!line.equals(event)) {
						throw new IOException("Unexpected line on the sending connection: " + line);
					}
				}
				if (round > warmup) {
					last.add(receivers.last(start));
					first.add(receivers.first(start));
				}
				Launcher.sleep(20);
			}
		}
		finally {
			receivers.close();
		}
		Broadcast broadcast = new Broadcast(clients.size(), BenchmarkRunner.median(first), BenchmarkRunner.median(last),
				last.stream().mapToDouble(Double::doubleValue).max().orElse(0));
		BenchmarkRunner.log(String.format(
				"Broadcast to %d clients: first delivery %.2f ms, last delivery %.2f ms (median), %.2f ms (worst)",
				broadcast.clients, broadcast.firstMillis, broadcast.lastMillis, broadcast.worstLastMillis));
		return broadcast;
	}

	/**
	 * Threads that read the idle clients and time when each receives the expected event.
	 */
	private static final class Receivers implements AutoCloseable {

		private final List<SocketChannel> clients;

		private final long[] arrivals;

		private final List<Thread> threads = new ArrayList<>();

		private final List<Selector> selectors = new ArrayList<>();

		private volatile byte[] expected = new byte[0];

		private volatile CountDownLatch latch = new CountDownLatch(0);

		private volatile boolean running = true;

		Receivers(List<SocketChannel> clients) throws IOException {
			this.clients = clients;
			this.arrivals = new long[clients.size()];
			for (int t = 0; t < RECEIVER_THREADS; t++) {
				Selector selector = Selector.open();
				this.selectors.add(selector);
				for (int i = t; i < clients.size(); i += RECEIVER_THREADS) {
					SocketChannel channel = clients.get(i);
					channel.configureBlocking(false);
					channel.register(selector, SelectionKey.OP_READ, new Client(i));
				}
				Thread thread = new Thread(() -> receive(selector), "broadcast-receiver-" + t);
				thread.setDaemon(true);
				this.threads.add(thread);
				thread.start();
			}
		}

		CountDownLatch expect(byte[] event) {
			Arrays.fill(this.arrivals, 0);
			this.expected = event;
			CountDownLatch next = new CountDownLatch(this.clients.size());
			this.latch = next;
			return next;
		}

		double last(long start) {
			return (Arrays.stream(this.arrivals).max().orElse(start) - start) / 1e6;
		}

		double first(long start) {
			return (Arrays.stream(this.arrivals).min().orElse(start) - start) / 1e6;
		}

		private void receive(Selector selector) {
			try {
				while (this.running) {
					selector.select(100);
					for (SelectionKey key : selector.selectedKeys()) {
						Client client = (Client) key.attachment();
						SocketChannel channel = (SocketChannel) key.channel();
						if (channel.read(client.in) < 0) {
							key.cancel();
							continue;
						}
						long now = System.nanoTime();
						byte[] bytes = client.in.array();
						int start = 0;
						for (int i = 0; i < client.in.position(); i++) {
							if (bytes[i] == '\n') {
								if (Arrays.equals(bytes, start, i, this.expected, 0, this.expected.length)) {
									this.arrivals[client.index] = now;
									this.latch.countDown();
								}
								start = i + 1;
							}
						}
						client.in.limit(client.in.position()).position(start);
						client.in.compact();
					}
					selector.selectedKeys().clear();
				}
			}
			catch (IOException ex) {
				BenchmarkRunner.log("Broadcast receiver failed: " + ex);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			for (Selector selector : this.selectors) {
				selector.wakeup();
			}
			for (Thread thread : this.threads) {
				thread.join(5000);
			}
			for (Selector selector : this.selectors) {
				try {
					selector.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		}

		private record Client(int index, ByteBuffer in) {

			Client(int index) {
				this(index, ByteBuffer.allocate(4096));
			}

		}

	}

	/**
	 * Memory of idle connections.
	 *
	 * @param connections the number of idle connections
	 * @param rssBeforeKb resident set before they connected
	 * @param rssAfterKb resident set with them connected
	 * @param heapBeforeKb used heap after a full GC before they connected
	 * @param heapAfterKb used heap after a full GC with them connected
	 * @param threadsBefore threads before they connected
	 * @param threadsAfter threads with them connected
	 */
	record Memory(int connections, long rssBeforeKb, long rssAfterKb, long heapBeforeKb, long heapAfterKb,
			long threadsBefore, long threadsAfter) {

		double rssPerConnectionKb() {
			return (this.rssAfterKb - this.rssBeforeKb) / (double) this.connections;
		}

		double heapPerConnectionKb() {
			return (this.heapAfterKb - this.heapBeforeKb) / (double) this.connections;
		}

		double totalPerConnectionKb() {
			return Math.max(0, rssPerConnectionKb()) + Math.max(0, heapPerConnectionKb());
		}

	}

	/**
	 * Broadcast delivery times, from sending {@code Set} on another connection.
	 *
	 * @param clients the number of receiving clients
	 * @param firstMillis median time to the first delivery
	 * @param lastMillis median time to the last delivery
	 * @param worstLastMillis the longest time to the last delivery
	 */
	record Broadcast(int clients, double firstMillis, double lastMillis, double worstLastMillis) {

	}

	/**
	 * What this phase measured.
	 *
	 * @param memory memory of idle connections
	 * @param broadcast broadcast delivery
	 * @param storm how the idle clients connected
	 */
	record Result(Memory memory, Broadcast broadcast, ConnectStorm.Result storm) {

	}

}
