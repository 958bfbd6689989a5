package dev.udsrpc.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Selector;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.JsonLineBuilder;
import dev.udsrpc.protocol.MessageDecoder;
import dev.udsrpc.protocol.MessageEncoder;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves RPC methods of a {@link HandlerRegistry} on a Unix domain socket and pushes
 * events to connected clients.
 * <p>
 * One event-loop thread accepts connections and reads them without blocking; requests are
 * handled concurrently on worker threads, so a slow handler never delays another request,
 * even of the same connection; responses and events are written without blocking by the
 * thread that produced them, and a connection that does not read gets its messages queued
 * up to a limit.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class UdsRpcServer implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	/**
	 * The event broadcast to every client when a graceful shutdown begins.
	 */
	public static final String SHUTTING_DOWN_EVENT = "ShuttingDown";

	private static final AtomicInteger serverCount = new AtomicInteger();

	private final Path socketPath;

	private final HandlerRegistry registry;

	private final JsonMapper mapper;

	private final ServerOptions options;

	private final ExecutorService executor;

	private final boolean ownExecutor;

	private final UdsRpcCallObserver callObserver;

	private final RequestDispatcher dispatcher;

	private final int inheritedDescriptor;

	private final Map<Long, ServerConnection> connections = new ConcurrentHashMap<>();

	private final List<UdsRpcConnectionListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger requestsInFlight = new AtomicInteger();

	private final FatalErrors fatalErrors;

	private final InputLimits inputLimits;

	private final ListenerNotifier notifier;

	private final int requestShare;

	private final ReentrantLock drainLock = new ReentrantLock();

	private final Condition drained = this.drainLock.newCondition();

	private final int number = serverCount.incrementAndGet();

	private volatile @Nullable AFUNIXServerSocketChannel serverChannel;

	private volatile @Nullable Acceptor acceptor;

	private volatile @Nullable EventLoop loop;

	private volatile @Nullable Object boundFileKey;

	private volatile boolean running;

	private volatile boolean shuttingDown;

	private UdsRpcServer(Builder builder) {
		this.socketPath = Objects.requireNonNull(builder.socketPath, "'socketPath' must not be null");
		this.registry = builder.registry;
		this.registry.addArgumentResolver(new ConnectionArgumentResolver());
		this.mapper = this.registry.jsonMapper();
		long maxBufferedInput = (builder.maxBufferedInput > 0) ? builder.maxBufferedInput
				: InputLimits.defaultBudget(Runtime.getRuntime().maxMemory());
		int backlog = (builder.backlog > 0) ? builder.backlog : SocketBacklog.systemDefault();
		this.options = new ServerOptions(builder.maxMessageSize, builder.maxConnections, builder.maxConnectionsPerUid,
				backlog, builder.maxRequestsInFlight, builder.maxQueuedBytes, maxBufferedInput,
				builder.partialLineTimeout, Set.copyOf(builder.allowedUids), Set.copyOf(builder.allowedGids),
				Set.copyOf(builder.socketPermissions), builder.readConstraints);
		this.ownExecutor = builder.executor == null;
		this.executor = (builder.executor != null) ? builder.executor : defaultExecutor(builder.workerThreads);
		// a connection never takes every worker of the built-in pool: others always find
		// one
		this.requestShare = (builder.executor != null) ? builder.maxRequestsInFlight
				: Math.min(builder.maxRequestsInFlight, Math.max(1, builder.workerThreads * 3 / 4));
		this.callObserver = builder.callObserver;
		this.fatalErrors = new FatalErrors(builder.fatalErrorExit);
		this.inputLimits = new InputLimits(maxBufferedInput, builder.partialLineTimeout, this.connections.values());
		this.dispatcher = new RequestDispatcher(this.registry,
				new MessageDecoder(builder.readConstraints, builder.maxBatchSize), this.executor, this);
		this.listeners.addAll(builder.listeners);
		this.notifier = new ListenerNotifier(this.listeners, this.executor, this.fatalErrors);
		this.inheritedDescriptor = builder.inheritedDescriptor;
	}

	/**
	 * Create a builder for a server dispatching to the given handlers.
	 * @param registry the handlers
	 * @return the builder
	 */
	public static Builder builder(HandlerRegistry registry) {
		return new Builder(registry);
	}

	/**
	 * Start a server with default settings on the given socket path.
	 * @param socketPath the path to bind
	 * @param registry the handlers
	 * @return the started server
	 */
	public static UdsRpcServer start(Path socketPath, HandlerRegistry registry) {
		return builder(registry).socketPath(socketPath).build().start();
	}

	/**
	 * Bind the socket and start serving. Fails if anything exists at the socket path:
	 * removing a stale socket is up to the caller, who must hold the single-instance
	 * lock.
	 * @return this server
	 * @throws UncheckedIOException if the socket cannot be bound
	 */
	public synchronized UdsRpcServer start() {
		if (this.running) {
			return this;
		}
		if (this.shuttingDown) {
			throw new IllegalStateException("A server that was shut down cannot be restarted");
		}
		AFUNIXServerSocketChannel channel = null;
		try {
			AFUNIXSelectorProvider provider = AFUNIXSelectorProvider.provider();
			if (this.inheritedDescriptor >= 0) {
				// socket activation: the service manager owns the socket file, never
				// unlink it
				channel = FileDescriptorCast.unsafeUsing(this.inheritedDescriptor).as(AFUNIXServerSocketChannel.class);
				channel.setDeleteOnClose(false);
			}
			else {
				if (Files.exists(this.socketPath, LinkOption.NOFOLLOW_LINKS)) {
					// junixsocket would replace whatever is there
					throw new FileAlreadyExistsException(this.socketPath.toString(), null,
							"a file exists at the socket path");
				}
				channel = provider.openServerSocketChannel();
				channel.socket().setReuseAddress(false);
				channel.setDeleteOnClose(false);
				channel.bind(AFUNIXSocketAddress.of(this.socketPath), this.options.backlog());
				this.boundFileKey = fileKey(this.socketPath);
				Files.setPosixFilePermissions(this.socketPath, this.options.socketPermissions());
			}
			channel.configureBlocking(false);
			Selector selector = provider.openSelector();
			Acceptor acceptor = new Acceptor(this, this.connections, this.notifier, channel, selector);
			this.acceptor = acceptor;
			this.loop = new EventLoop("udsrpc-loop-" + this.number, selector, acceptor, this.inputLimits,
					this.fatalErrors);
			this.serverChannel = channel;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new UncheckedIOException("Cannot bind udsrpc socket '" + this.socketPath + "': " + ex.getMessage(),
					ex);
		}
		this.running = true;
		Objects.requireNonNull(this.loop).start();
		logger.log(Level.DEBUG, () -> "udsrpc server listening on " + this.socketPath);
		return this;
	}

	/**
	 * Load the classes a server needs now, so that neither the application context nor
	 * binding nor the first request waits for them: Jackson's, by taking one request
	 * through decoding, binding, invoking and writing, then junixsocket's native library.
	 * Safe to call from any thread, any number of times.
	 */
	public static void preload() {
		try {
			JsonPreloader.preload();
		}
		catch (Exception | LinkageError ex) {
			// the real path reports the problem, if any
		}
		try {
			AFUNIXSelectorProvider.provider().openSelector().close();
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			// binding reports the problem, if any
		}
	}

	/**
	 * Return the path of the socket.
	 * @return the socket path
	 */
	public Path socketPath() {
		return this.socketPath;
	}

	/**
	 * Return whether the server serves a listening socket it inherited (socket
	 * activation) rather than one it bound.
	 * @return {@code true} for an inherited socket
	 */
	public boolean isSocketInherited() {
		return this.inheritedDescriptor >= 0;
	}

	/**
	 * Return whether the server is accepting connections.
	 * @return {@code true} while serving
	 */
	public boolean isRunning() {
		return this.running && !this.shuttingDown;
	}

	/**
	 * Return the handlers this server dispatches to.
	 * @return the registry
	 */
	public HandlerRegistry registry() {
		return this.registry;
	}

	/**
	 * Return the connected clients.
	 * @return a snapshot of the open connections
	 */
	public Collection<UdsRpcConnection> connections() {
		return List.copyOf(this.connections.values());
	}

	/**
	 * Add a listener for connections opened and closed from now on.
	 * @param listener the listener
	 */
	public void addListener(UdsRpcConnectionListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
	}

	/**
	 * Push an event to every connected client.
	 * @param type the event type
	 * @param data the event data or {@code null}
	 */
	public void broadcast(String type, @Nullable Object data) {
		broadcast(type, data, (connection) -> true);
	}

	/**
	 * Push an event to the connected clients that match a predicate.
	 * @param type the event type
	 * @param data the event data or {@code null}
	 * @param filter selects the receiving connections
	 */
	public void broadcast(String type, @Nullable Object data, Predicate<UdsRpcConnection> filter) {
		Objects.requireNonNull(type, "'type' must not be null");
		Objects.requireNonNull(filter, "'filter' must not be null");
		byte[] json = serializeEventData(data);
		byte[] go = null;
		byte[] jsonRpc2 = null;
		int recipients = 0;
		for (ServerConnection connection : this.connections.values()) {
			if (!connection.isOpen() || !filter.test(connection)) {
				continue;
			}
			boolean sent;
			if (connection.dialect() == Dialect.JSON_RPC_2) {
				jsonRpc2 = (jsonRpc2 != null) ? jsonRpc2 : encodeEvent(Dialect.JSON_RPC_2, type, json);
				sent = connection.send(jsonRpc2);
			}
			else {
				go = (go != null) ? go : encodeEvent(Dialect.GO, type, json);
				sent = connection.send(go);
			}
			recipients += sent ? 1 : 0;
		}
		eventSent(type, recipients);
	}

	boolean sendEvent(ServerConnection connection, String type, @Nullable Object data) {
		Objects.requireNonNull(type, "'type' must not be null");
		boolean sent = connection.send(encodeEvent(connection.dialect(), type, serializeEventData(data)));
		eventSent(type, sent ? 1 : 0);
		return sent;
	}

	private void eventSent(String type, int recipients) {
		if (recipients > 0) {
			for (UdsRpcConnectionListener listener : this.listeners) {
				try {
					listener.eventSent(type, recipients);
				}
				catch (RuntimeException ex) {
					logger.log(Level.WARNING, "Connection listener failed", ex);
				}
			}
		}
	}

	private byte @Nullable [] serializeEventData(@Nullable Object data) {
		if (data == null) {
			return null;
		}
		try {
			return this.mapper.writeValueAsBytes(data);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot serialize event data: " + ex.getOriginalMessage(), ex);
		}
	}

	private static byte[] encodeEvent(Dialect dialect, String type, byte @Nullable [] data) {
		JsonLineBuilder out = new JsonLineBuilder(48 + type.length() + ((data != null) ? data.length : 0));
		MessageEncoder.beginEvent(out, dialect, type, data != null);
		if (data != null) {
			out.append(data);
		}
		MessageEncoder.endEvent(out);
		return out.toByteArray();
	}

	/**
	 * Shut down gracefully: tell every client with a {@value #SHUTTING_DOWN_EVENT} event,
	 * stop accepting, answer new requests with an error, let requests in flight finish
	 * within the grace period, write their responses, then close every connection and
	 * remove the socket file.
	 * @param grace how long to wait for requests in flight
	 */
	public void shutdown(Duration grace) {
		synchronized (this) {
			if (!this.running || this.shuttingDown) {
				return;
			}
			this.shuttingDown = true;
		}
		broadcast(SHUTTING_DOWN_EVENT, null);
		onEventLoop(this::stopAccepting);
		awaitRequests(grace);
		for (ServerConnection connection : this.connections.values()) {
			connection.abandonPendingReplies();
		}
		long flushDeadline = System.nanoTime() + Math.min(grace.toNanos(), TimeUnit.SECONDS.toNanos(1));
		for (ServerConnection connection : this.connections.values()) {
			connection.closeWhenFlushed();
		}
		awaitCondition(this.connections::isEmpty, flushDeadline - System.nanoTime());
		for (ServerConnection connection : this.connections.values()) {
			connection.closeNow();
		}
		stopLoop();
		this.notifier.drain();
		if (this.ownExecutor) {
			this.executor.shutdownNow();
		}
		deleteSocketFile();
		this.running = false;
	}

	/**
	 * Shut down at once: requests in flight get no response.
	 */
	@Override
	public void close() {
		shutdown(Duration.ZERO);
	}

	boolean isShuttingDown() {
		return this.shuttingDown;
	}

	ServerOptions options() {
		return this.options;
	}

	UdsRpcCallObserver callObserver() {
		return this.callObserver;
	}

	FatalErrors fatalErrors() {
		return this.fatalErrors;
	}

	InputLimits inputLimits() {
		return this.inputLimits;
	}

	/**
	 * Return the most requests of one connection in flight: at most
	 * {@code maxRequestsInFlight}, and, with the built-in pool, at most three quarters of
	 * its threads, so that one connection never occupies every worker.
	 * @return the number of requests
	 */
	int requestShare() {
		return this.requestShare;
	}

	/**
	 * Return whether a task queued for the handler executor starts within a few
	 * milliseconds even when every worker is blocked in a handler: true of the built-in
	 * pool while it may add threads, not known of an executor given to the builder.
	 * @return whether queued tasks start promptly
	 */
	boolean startsQueuedTasksPromptly() {
		return this.executor instanceof WorkerPool pool && pool.canGrow();
	}

	void dispatch(ServerConnection connection, byte[][] lines) {
		this.dispatcher.dispatch(connection, lines);
	}

	void requestStarted() {
		this.requestsInFlight.incrementAndGet();
	}

	void requestFinished() {
		if (this.requestsInFlight.decrementAndGet() == 0 && this.shuttingDown) {
			signalDrained();
		}
	}

	private void signalDrained() {
		this.drainLock.lock();
		try {
			this.drained.signalAll();
		}
		finally {
			this.drainLock.unlock();
		}
	}

	void connectionClosed(ServerConnection connection) {
		if (this.connections.remove(connection.id()) != null) {
			onEventLoop(() -> this.inputLimits.release(connection));
			Acceptor current = this.acceptor;
			if (current != null) {
				current.closed(connection);
			}
			this.notifier.closed(connection);
			if (this.shuttingDown && this.connections.isEmpty()) {
				signalDrained();
			}
		}
	}

	/**
	 * Run a task on the event loop thread.
	 * @param task the task
	 */
	void onEventLoop(Runnable task) {
		EventLoop current = this.loop;
		if (current != null) {
			current.execute(task);
		}
	}

	/**
	 * Run a task on the event loop thread after the current event, even when called on
	 * it.
	 * @param task the task
	 */
	void onEventLoopLater(Runnable task) {
		EventLoop current = this.loop;
		if (current != null) {
			current.executeLater(task);
		}
	}

	/**
	 * Close the connections whose peer hung up before the connection limits are applied.
	 * Runs on the event loop.
	 * @param now the time ({@link System#nanoTime()})
	 */
	void reapHungUp(long now) {
		Objects.requireNonNull(this.loop).reapHungUp(now);
	}

	private void awaitRequests(Duration grace) {
		awaitCondition(() -> this.requestsInFlight.get() == 0, grace.toNanos());
	}

	private void awaitCondition(BooleanSupplier condition, long timeoutNanos) {
		long remaining = timeoutNanos;
		this.drainLock.lock();
		try {
			while (!condition.getAsBoolean() && remaining > 0) {
				remaining = this.drained.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.drainLock.unlock();
		}
	}

	private void stopAccepting() {
		AFUNIXServerSocketChannel channel = this.serverChannel;
		if (channel != null) {
			closeQuietly(channel);
		}
		deleteSocketFile();
	}

	private void stopLoop() {
		EventLoop current = this.loop;
		if (current != null) {
			current.stop();
		}
		AFUNIXServerSocketChannel channel = this.serverChannel;
		if (channel != null) {
			closeQuietly(channel);
		}
	}

	private void deleteSocketFile() {
		Object bound = this.boundFileKey;
		if (bound == null) {
			return;
		}
		try {
			if (bound.equals(fileKey(this.socketPath))) {
				Files.deleteIfExists(this.socketPath);
			}
		}
		catch (NoSuchFileException ex) {
			// already gone
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot delete socket file " + this.socketPath, ex);
		}
		this.boundFileKey = null;
	}

	private static @Nullable Object fileKey(Path path) throws IOException {
		return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
	}

	private static void closeQuietly(java.nio.channels.@Nullable Channel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// nothing to do
			}
		}
	}

	private ExecutorService defaultExecutor(int threads) {
		return new WorkerPool("udsrpc-worker-" + this.number, threads);
	}

	/**
	 * Builds a {@link UdsRpcServer}.
	 */
	public static final class Builder {

		private final HandlerRegistry registry;

		private @Nullable Path socketPath;

		private int maxMessageSize = 16 * 1024 * 1024;

		private int maxConnections = 4096;

		private int maxConnectionsPerUid = 1024;

		private int backlog;

		private int maxRequestsInFlight = 128;

		private long maxBufferedInput;

		private Duration partialLineTimeout = Duration.ofSeconds(30);

		private IntConsumer fatalErrorExit = Runtime.getRuntime()::halt;

		private long maxQueuedBytes = 16L * 1024 * 1024;

		private Set<Long> allowedUids = defaultAllowedUids();

		private Set<Long> allowedGids = Set.of();

		private Set<PosixFilePermission> socketPermissions = PosixFilePermissions.fromString("rw-------");

		private StreamReadConstraints readConstraints;

		private int maxBatchSize = MessageDecoder.DEFAULT_MAX_BATCH_SIZE;

		private @Nullable ExecutorService executor;

		private int workerThreads = 200;

		private final List<UdsRpcConnectionListener> listeners = new ArrayList<>();

		private UdsRpcCallObserver callObserver = UdsRpcCallObserver.NONE;

		private int inheritedDescriptor = -1;

		private Builder(HandlerRegistry registry) {
			this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
			this.readConstraints = registry.readConstraints();
		}

		/**
		 * Set the path of the socket to bind.
		 * @param socketPath the path
		 * @return this builder
		 */
		public Builder socketPath(Path socketPath) {
			this.socketPath = Objects.requireNonNull(socketPath, "'socketPath' must not be null");
			return this;
		}

		/**
		 * Set the longest accepted message; a longer line is answered with an error and
		 * the connection closed. Default 16 MiB.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxMessageSize(int bytes) {
			this.maxMessageSize = positive(bytes, "maxMessageSize");
			return this;
		}

		/**
		 * Set the most connections served at once; more are closed when accepted. Default
		 * 4096.
		 * @param connections the number of connections
		 * @return this builder
		 */
		public Builder maxConnections(int connections) {
			this.maxConnections = positive(connections, "maxConnections");
			return this;
		}

		/**
		 * Set the most connections of one user (peer uid) served at once; more are closed
		 * when accepted. Default 1024.
		 * @param connections the number of connections
		 * @return this builder
		 */
		public Builder maxConnectionsPerUid(int connections) {
			this.maxConnectionsPerUid = positive(connections, "maxConnectionsPerUid");
			return this;
		}

		/**
		 * Set the length of the queue of connections the kernel completes before the
		 * server accepts them (the listen backlog); beyond it, a client's connect fails
		 * ({@code EAGAIN} for a non-blocking one). Default: the kernel's maximum,
		 * {@code net.core.somaxconn} ({@value SocketBacklog#FALLBACK} where it cannot be
		 * read). Ignored for an inherited socket, whose backlog its creator chose.
		 * @param connections the number of connections
		 * @return this builder
		 */
		public Builder backlog(int connections) {
			this.backlog = positive(connections, "backlog");
			return this;
		}

		/**
		 * Set the most bytes of incomplete lines and of lines waiting to be dispatched
		 * that all connections together may hold; beyond it, the connections holding the
		 * most are closed with a -32001 error. Default: a quarter of the maximum heap.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxBufferedInput(long bytes) {
			if (bytes <= 0) {
				throw new IllegalArgumentException("'maxBufferedInput' must be positive");
			}
			this.maxBufferedInput = bytes;
			return this;
		}

		/**
		 * Set how long a connection may hold an incomplete line (from its first byte);
		 * then it is answered with a -32600 error and closed. Default 30 seconds.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder partialLineTimeout(Duration timeout) {
			Objects.requireNonNull(timeout, "'timeout' must not be null");
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("'partialLineTimeout' must be positive");
			}
			this.partialLineTimeout = timeout;
			return this;
		}

		/**
		 * Set what ends the process when the server cannot go on; tests record the status
		 * instead.
		 * @param exit receives the exit status
		 * @return this builder
		 */
		Builder fatalErrorExit(IntConsumer exit) {
			this.fatalErrorExit = Objects.requireNonNull(exit, "'exit' must not be null");
			return this;
		}

		/**
		 * Set the most requests of one connection handled at once, each request of a
		 * batch counting as one; beyond it the connection is not read until one
		 * completes. With the built-in executor, at most three quarters of
		 * {@link #workerThreads(int)}. Default 128.
		 * @param requests the number of requests
		 * @return this builder
		 */
		public Builder maxRequestsInFlight(int requests) {
			this.maxRequestsInFlight = positive(requests, "maxRequestsInFlight");
			return this;
		}

		/**
		 * Set the most bytes queued for a connection that does not read; beyond it the
		 * connection is closed. Default 16 MiB.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxQueuedBytes(long bytes) {
			if (bytes <= 0) {
				throw new IllegalArgumentException("'maxQueuedBytes' must be positive");
			}
			this.maxQueuedBytes = bytes;
			return this;
		}

		/**
		 * Set the user ids of the peers served. Default: the user running the server and
		 * root.
		 * @param uids the user ids
		 * @return this builder
		 */
		public Builder allowedUids(Collection<Long> uids) {
			this.allowedUids = new LinkedHashSet<>(uids);
			return this;
		}

		/**
		 * Set group ids whose peers are served too, whatever their user: a peer whose
		 * primary group or one of whose supplementary groups (read from
		 * {@code /proc/<pid>/status} as it is accepted) is one of them. Default none.
		 * @param gids the group ids
		 * @return this builder
		 */
		public Builder allowedGids(Collection<Long> gids) {
			this.allowedGids = new LinkedHashSet<>(gids);
			return this;
		}

		/**
		 * Set the permissions of the socket file. Default {@code rw-------}.
		 * @param permissions the permissions
		 * @return this builder
		 */
		public Builder socketPermissions(Set<PosixFilePermission> permissions) {
			this.socketPermissions = Set.copyOf(permissions);
			return this;
		}

		/**
		 * Set the limits on the envelope of received JSON: nesting depth, number, string
		 * and name lengths. Default: the registry's, with which handlers bind their
		 * params ({@link HandlerRegistry#readConstraints()}).
		 * @param constraints the constraints
		 * @return this builder
		 */
		public Builder readConstraints(StreamReadConstraints constraints) {
			this.readConstraints = Objects.requireNonNull(constraints, "'constraints' must not be null");
			return this;
		}

		/**
		 * Set the most entries of a JSON-RPC 2.0 batch; a longer batch is answered with
		 * one -32600 error. Default 1000.
		 * @param entries the number of entries
		 * @return this builder
		 */
		public Builder maxBatchSize(int entries) {
			this.maxBatchSize = positive(entries, "maxBatchSize");
			return this;
		}

		/**
		 * Set the executor handlers run on. The caller owns it and shuts it down.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(ExecutorService executor) {
			this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
			return this;
		}

		/**
		 * Set the most worker threads of the default executor: the number of handlers
		 * that can block at once. The executor runs as many threads as there are cores
		 * and, whenever requests wait while all of them are blocked in handlers (checked
		 * every 10 ms), adds one for each request waiting, at most doubling, up to this
		 * number. Default 200.
		 * @param threads the number of threads
		 * @return this builder
		 */
		public Builder workerThreads(int threads) {
			this.workerThreads = positive(threads, "workerThreads");
			return this;
		}

		/**
		 * Serve the listening socket this process inherited as the given file descriptor
		 * (socket activation) instead of binding the socket path. The socket file is then
		 * neither created, nor changed, nor removed.
		 * @param fd the file descriptor, usually 3
		 * @return this builder
		 */
		public Builder inheritedDescriptor(int fd) {
			if (fd < 0) {
				throw new IllegalArgumentException("'fd' must not be negative");
			}
			this.inheritedDescriptor = fd;
			return this;
		}

		/**
		 * Add a connection listener.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(UdsRpcConnectionListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
			return this;
		}

		/**
		 * Add an observer of the calls the server handles. Several observers are called
		 * in the order they were added.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder callObserver(UdsRpcCallObserver observer) {
			Objects.requireNonNull(observer, "'observer' must not be null");
			UdsRpcCallObserver previous = this.callObserver;
			this.callObserver = (previous == UdsRpcCallObserver.NONE) ? observer
					: (method, id, dialect, connection) -> {
						UdsRpcCallObserver.Call first = previous.start(method, id, dialect, connection);
						UdsRpcCallObserver.Call second = observer.start(method, id, dialect, connection);
						return new UdsRpcCallObserver.Call() {

							@Override
							public void succeeded() {
								first.succeeded();
								second.succeeded();
							}

							@Override
							public void failed(int code, String message, @Nullable Throwable cause) {
								first.failed(code, message, cause);
								second.failed(code, message, cause);
							}

						};
					};
			return this;
		}

		/**
		 * Build the server, not yet started.
		 * @return the server
		 */
		public UdsRpcServer build() {
			return new UdsRpcServer(this);
		}

		private static int positive(int value, String name) {
			if (value <= 0) {
				throw new IllegalArgumentException("'" + name + "' must be positive");
			}
			return value;
		}

		private static Set<Long> defaultAllowedUids() {
			Set<Long> uids = new LinkedHashSet<>();
			uids.add(currentUid());
			uids.add(0L);
			return uids;
		}

		private static long currentUid() {
			return new com.sun.security.auth.module.UnixSystem().getUid();
		}

	}

}
