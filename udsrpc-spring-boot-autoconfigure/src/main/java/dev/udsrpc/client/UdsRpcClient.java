package dev.udsrpc.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.DaemonTrust;
import dev.udsrpc.daemon.PosixUser;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.JsonLineBuilder;
import dev.udsrpc.protocol.LineFramer;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of a udsrpc daemon (or of a Go udsrpc server): many calls in flight on one
 * connection, correlated by id; per-call timeouts; event listeners; optional reconnect
 * with backoff; typed proxies. Speaks the Go dialect.
 * <p>
 * Every connection, reconnections included, is made only to a server that runs as the
 * expected user ({@link Builder#expectedServerUid(long)}, by default the current user) or
 * as root, as the kernel reports the peer of the socket; {@link #connect(String)} also
 * checks the daemon's runtime directory as the daemon does. Otherwise an
 * {@link UntrustedDaemonException} is thrown and nothing is sent.
 *
 * <pre class="code">
 * try (UdsRpcClient client = UdsRpcClient.connect("myd")) {
 *     client.onEvent("KeyChanged", (data) -> System.out.println(data));
 *     Map&lt;?, ?&gt; pong = client.call("Ping", null, Map.class);
 * }
 * </pre>
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class UdsRpcClient implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(UdsRpcClient.class.getName());

	private final Path socketPath;

	private final ServerConnector connector;

	private final JsonMapper mapper;

	private final Duration timeout;

	private final boolean reconnect;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final int maxMessageSize;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Call> pending = new ConcurrentHashMap<>();

	private final EventListeners listeners = new EventListeners();

	private final Object writeLock = new Object();

	private final Object stateLock = new Object();

	private volatile @Nullable AFUNIXSocket socket;

	private volatile @Nullable OutputStream output;

	private volatile CompletableFuture<Void> connected = new CompletableFuture<>();

	private volatile boolean closed;

	/**
	 * Why the reader thread ended abnormally, failing every call from then on.
	 */
	private volatile @Nullable RuntimeException failure;

	private final CompletableFuture<Void> disconnected = new CompletableFuture<>();

	private final Thread reader;

	private UdsRpcClient(Builder builder) {
		this.socketPath = builder.socketPath;
		this.connector = new ServerConnector(builder.socketPath, builder.serverUid);
		this.mapper = (builder.mapper != null) ? builder.mapper : JsonMapper.builder().build();
		this.timeout = builder.timeout;
		this.reconnect = builder.reconnect;
		this.initialBackoff = builder.initialBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.maxMessageSize = builder.maxMessageSize;
		openSocket();
		this.reader = new Thread(this::readLoop, "udsrpc-client-" + this.socketPath.getFileName());
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Connect to the socket at the given path, served by the current user or root.
	 * @param socketPath the socket
	 * @return the connected client
	 * @throws UncheckedIOException if the connection fails
	 * @throws UntrustedDaemonException if the socket is served by another user
	 */
	public static UdsRpcClient connect(Path socketPath) {
		return builder(socketPath).build();
	}

	/**
	 * Connect to the daemon of the current user with the given name at its default
	 * location ({@code $XDG_RUNTIME_DIR/<app>/<app>.sock}, else
	 * {@code <java.io.tmpdir>/<app>-<uid>/<app>.sock}), after checking its runtime
	 * directory as the daemon does: owned by the current user, not writable by group or
	 * others, not a symbolic link.
	 * @param appName the name of the daemon
	 * @return the connected client
	 * @throws UncheckedIOException if the connection fails
	 * @throws UntrustedDaemonException if the runtime directory or the socket belongs to
	 * another user
	 */
	public static UdsRpcClient connect(String appName) {
		DaemonLocation location = DaemonLocation.of(appName);
		DaemonTrust.currentUser().verifyRuntimeDirectory(location.runtimeDir());
		return builder(location.socketPath()).build();
	}

	/**
	 * Create a builder for a client of the socket at the given path.
	 * @param socketPath the socket
	 * @return the builder
	 */
	public static Builder builder(Path socketPath) {
		return new Builder(socketPath);
	}

	/**
	 * Call a method and wait for its result.
	 * @param <T> the result type
	 * @param method the RPC method
	 * @param params the params, serialized with the client's mapper, or {@code null}
	 * @param resultType the result type
	 * @return the result
	 * @throws UdsRpcException if the daemon answered with an error
	 * @throws UdsRpcTimeoutException if it did not answer in time
	 * @throws UncheckedIOException if the connection failed
	 */
	public <T> @Nullable T call(String method, @Nullable Object params, Class<T> resultType) {
		return await(method, callAsync(method, params, resultType));
	}

	/**
	 * Call a method and wait for its result as a JSON tree.
	 * @param method the RPC method
	 * @param params the params or {@code null}
	 * @return the result
	 */
	public JsonNode call(String method, @Nullable Object params) {
		JsonNode result = call(method, params, JsonNode.class);
		return (result != null) ? result : this.mapper.nullNode();
	}

	/**
	 * Call a method.
	 * @param <T> the result type
	 * @param method the RPC method
	 * @param params the params or {@code null}
	 * @param resultType the result type
	 * @return completes with the result, or exceptionally with a {@link UdsRpcException},
	 * a {@link TimeoutException} or an {@link UncheckedIOException}
	 */
	public <T> CompletableFuture<@Nullable T> callAsync(String method, @Nullable Object params, Class<T> resultType) {
		return callAsync(method, params, (Type) resultType);
	}

	/**
	 * Call a method with a generic result type.
	 * @param <T> the result type
	 * @param method the RPC method
	 * @param params the params or {@code null}
	 * @param resultType the result type
	 * @return completes with the result
	 */
	public <T> CompletableFuture<@Nullable T> callAsync(String method, @Nullable Object params, Type resultType) {
		Objects.requireNonNull(method, "'method' must not be null");
		JavaType type = this.mapper.constructType(resultType);
		RuntimeException unusable = unusable();
		if (unusable != null) {
			return CompletableFuture.failedFuture(unusable);
		}
		long id = this.ids.incrementAndGet();
		Call call = new Call(method, type);
		this.pending.put(id, call);
		unusable = unusable();
		if (unusable != null) {
			// closed or failed meanwhile, maybe after the pending calls were failed
			this.pending.remove(id);
			return CompletableFuture.failedFuture(unusable);
		}
		byte[] request;
		try {
			request = encode(id, method, params);
		}
		catch (JacksonException ex) {
			this.pending.remove(id);
			return CompletableFuture.failedFuture(new IllegalArgumentException(
					"Cannot serialize the params of '" + method + "': " + ex.getOriginalMessage(), ex));
		}
		CompletableFuture<Void> ready = this.connected;
		if (ready.isDone()) {
			send(id, request);
		}
		else {
			ready.whenComplete((connectedNow, ex) -> {
				if (ex == null) {
					send(id, request);
				}
				else {
					call.future.completeExceptionally(unwrap(ex));
				}
			});
		}
		call.future.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, ex) -> this.pending.remove(id));
		@SuppressWarnings("unchecked")
		CompletableFuture<@Nullable T> future = (CompletableFuture<@Nullable T>) (CompletableFuture<?>) call.future;
		return future;
	}

	/**
	 * Listen to events of one type.
	 * @param type the event type
	 * @param listener receives the event data ({@code null} data as a JSON null node)
	 * @return a handle that removes the listener when closed
	 */
	public AutoCloseable onEvent(String type, Consumer<JsonNode> listener) {
		Objects.requireNonNull(listener, "'listener' must not be null");
		return this.listeners.add(type, (eventType, data) -> listener.accept(data));
	}

	/**
	 * Listen to events of one type, converting their data.
	 * @param <T> the data type
	 * @param type the event type
	 * @param dataType the data type
	 * @param listener receives the converted data
	 * @return a handle that removes the listener when closed
	 */
	public <T> AutoCloseable onEvent(String type, Class<T> dataType, Consumer<@Nullable T> listener) {
		Objects.requireNonNull(listener, "'listener' must not be null");
		return this.listeners.add(type, (eventType, data) -> listener.accept(this.mapper.treeToValue(data, dataType)));
	}

	/**
	 * Listen to every event.
	 * @param listener receives the type and the data of each event
	 * @return a handle that removes the listener when closed
	 */
	public AutoCloseable onAnyEvent(BiConsumer<String, JsonNode> listener) {
		return this.listeners.addForAll(listener);
	}

	/**
	 * Create a typed client for an interface whose methods name RPC methods with
	 * {@link dev.udsrpc.handler.UdsRpcHandler @UdsRpcHandler} (the method name by
	 * default). A method with one parameter sends it as the whole params, one with
	 * several sends them by name; a {@code CompletionStage} return type makes the call
	 * asynchronous.
	 * @param <T> the interface type
	 * @param api the interface
	 * @return the proxy
	 */
	public <T> T proxy(Class<T> api) {
		Objects.requireNonNull(api, "'api' must not be null");
		if (!api.isInterface()) {
			throw new IllegalArgumentException("'api' must be an interface");
		}
		return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] { api },
				new ProxyInvocationHandler(this, api)));
	}

	/**
	 * Return whether the client is connected now.
	 * @return {@code true} while connected
	 */
	public boolean isConnected() {
		AFUNIXSocket current = this.socket;
		return current != null && current.isConnected() && !current.isClosed() && this.connected.isDone()
				&& !this.connected.isCompletedExceptionally();
	}

	/**
	 * Return a future that completes when the client is disconnected for good: closed, or
	 * the connection was lost and the client does not reconnect.
	 * @return the future
	 */
	public CompletableFuture<Void> disconnected() {
		return this.disconnected.copy();
	}

	/**
	 * Return the mapper that serializes params and converts results.
	 * @return the mapper
	 */
	public JsonMapper jsonMapper() {
		return this.mapper;
	}

	/**
	 * Return the per-call timeout.
	 * @return the timeout
	 */
	Duration timeout() {
		return this.timeout;
	}

	/**
	 * Close the connection; calls in flight fail.
	 */
	@Override
	public void close() {
		this.closed = true;
		closeSocket();
		this.connected.completeExceptionally(new UncheckedIOException(new IOException("Client closed")));
		failPending(new UncheckedIOException(new IOException("Client closed")));
		this.reader.interrupt();
		this.disconnected.complete(null);
	}

	<T> @Nullable T await(String method, CompletableFuture<@Nullable T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling '" + method + "'", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof TimeoutException) {
				throw new UdsRpcTimeoutException(method, this.timeout);
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause);
		}
	}

	private @Nullable RuntimeException unusable() {
		RuntimeException failed = this.failure;
		if (failed != null) {
			return failed;
		}
		return this.closed ? new UncheckedIOException(new IOException("Client closed")) : null;
	}

	private byte[] encode(long id, String method, @Nullable Object params) {
		JsonLineBuilder out = new JsonLineBuilder(64);
		out.appendAscii("{\"id\":")
			.appendAscii(Long.toUnsignedString(id))
			.appendAscii(",\"method\":")
			.appendQuoted(method);
		if (params != null) {
			out.appendAscii(",\"params\":");
			this.mapper.writeValue(out, params);
		}
		out.appendAscii("}\n");
		return out.toByteArray();
	}

	private void send(long id, byte[] request) {
		OutputStream out = this.output;
		try {
			if (out == null) {
				throw new IOException("Not connected to " + this.socketPath);
			}
			synchronized (this.writeLock) {
				out.write(request);
				out.flush();
			}
		}
		catch (IOException ex) {
			Call call = this.pending.remove(id);
			if (call != null) {
				call.future.completeExceptionally(new UncheckedIOException(ex));
			}
		}
	}

	private void openSocket() {
		AFUNIXSocket opened = this.connector.connect();
		try {
			synchronized (this.stateLock) {
				this.socket = opened;
				this.output = opened.getOutputStream();
				this.connected.complete(null);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot connect to " + this.socketPath + ": " + ex.getMessage(), ex);
		}
	}

	private void closeSocket() {
		AFUNIXSocket current = this.socket;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	private void readLoop() {
		try {
			readAndReconnect();
		}
		catch (Throwable ex) {
			// whatever ended the reader, no answer can arrive any more: fail every call
			// now rather than each at its timeout
			IllegalStateException failed = new IllegalStateException(
					"The reader of " + this.socketPath + " failed: " + ex, ex);
			this.failure = failed;
			logger.log(Level.ERROR, "The reader of " + this.socketPath + " failed; the client is unusable", ex);
			closeSocket();
			synchronized (this.stateLock) {
				this.output = null;
				if (!this.connected.completeExceptionally(failed)) {
					this.connected = CompletableFuture.failedFuture(failed);
				}
			}
			failPending(failed);
			this.disconnected.complete(null);
		}
	}

	private void readAndReconnect() {
		long backoff = this.initialBackoff.toMillis();
		while (!this.closed) {
			AFUNIXSocket current = this.socket;
			if (current != null) {
				readUntilClosed(current);
			}
			UncheckedIOException lost = new UncheckedIOException(
					new IOException("Connection to " + this.socketPath + " closed"));
			synchronized (this.stateLock) {
				this.output = null;
				if (this.connected.isDone()) {
					this.connected = new CompletableFuture<>();
				}
			}
			failPending(lost);
			if (!this.reconnect || this.closed) {
				this.connected.completeExceptionally(lost);
				this.disconnected.complete(null);
				return;
			}
			while (!this.closed) {
				try {
					Thread.sleep(backoff);
					openSocket();
					backoff = this.initialBackoff.toMillis();
					break;
				}
				catch (UntrustedDaemonException ex) {
					logger.log(Level.WARNING, ex.getMessage() + "; trying again");
					long max = this.maxBackoff.toMillis();
					backoff = (backoff > max / 2) ? max : backoff * 2;
				}
				catch (UncheckedIOException ex) {
					long max = this.maxBackoff.toMillis();
					backoff = (backoff > max / 2) ? max : backoff * 2;
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
	}

	private void readUntilClosed(AFUNIXSocket current) {
		LineFramer framer = new LineFramer(this.maxMessageSize);
		byte[] buffer = new byte[64 * 1024];
		try {
			InputStream in = current.getInputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (!framer.feed(buffer, 0, read, this::onLine)) {
					logger.log(Level.WARNING, "Closing: a message from " + this.socketPath + " exceeds "
							+ this.maxMessageSize + " bytes");
					break;
				}
			}
		}
		catch (IOException ex) {
			// connection lost
		}
		closeSocket();
	}

	private void onLine(byte[] line) {
		JsonNode message;
		try {
			message = this.mapper.readTree(line);
		}
		catch (JacksonException ex) {
			logger.log(Level.WARNING, "Ignoring a malformed message from " + this.socketPath);
			return;
		}
		if (message.isArray()) {
			message.forEach(this::onMessage);
		}
		else {
			onMessage(message);
		}
	}

	private void onMessage(JsonNode message) {
		if (!message.isObject()) {
			return;
		}
		JsonNode type = message.get("type");
		if (type != null && type.isString() && !type.asString().isEmpty()) {
			dispatchEvent(type.asString(), message.path("data"));
			return;
		}
		JsonNode method = message.get("method");
		if (method != null && method.isString()) {
			dispatchEvent(method.asString(), message.path("params"));
			return;
		}
		JsonNode id = message.get("id");
		if (id == null || !id.isIntegralNumber()) {
			return;
		}
		Call call = this.pending.remove(id.bigIntegerValue().longValue());
		if (call == null) {
			return;
		}
		JsonNode error = message.get("error");
		if (error != null && error.isObject()) {
			JsonNode data = error.get("data");
			call.future.completeExceptionally(new UdsRpcException(error.path("code").asInt(ErrorCodes.INTERNAL_ERROR),
					error.path("message").asString(""), (data != null) ? data : null));
			return;
		}
		try {
			JsonNode result = message.path("result");
			call.future.complete(
					(result.isNull() || result.isMissingNode()) ? null : this.mapper.treeToValue(result, call.type));
		}
		catch (JacksonException ex) {
			call.future.completeExceptionally(new UdsRpcException(ErrorCodes.INTERNAL_ERROR,
					"Cannot convert the result of '" + call.method + "': " + ex.getOriginalMessage()));
		}
	}

	private void dispatchEvent(String type, JsonNode data) {
		this.listeners.dispatch(type, data.isMissingNode() ? this.mapper.nullNode() : data);
	}

	private void failPending(RuntimeException failure) {
		for (Long id : this.pending.keySet()) {
			Call call = this.pending.remove(id);
			if (call != null) {
				call.future.completeExceptionally(failure);
			}
		}
	}

	static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static final class Call {

		final String method;

		final JavaType type;

		final CompletableFuture<@Nullable Object> future = new CompletableFuture<>();

		Call(String method, JavaType type) {
			this.method = method;
			this.type = type;
		}

	}

	/**
	 * Builds a {@link UdsRpcClient}.
	 */
	public static final class Builder {

		private final Path socketPath;

		private @Nullable JsonMapper mapper;

		private Duration timeout = Duration.ofSeconds(30);

		private boolean reconnect;

		private Duration initialBackoff = Duration.ofMillis(100);

		private Duration maxBackoff = Duration.ofSeconds(5);

		private int maxMessageSize = 16 * 1024 * 1024;

		private long serverUid = PosixUser.currentUid();

		private Builder(Path socketPath) {
			this.socketPath = Objects.requireNonNull(socketPath, "'socketPath' must not be null");
		}

		/**
		 * Set the mapper for params, results and event data.
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper mapper) {
			this.mapper = Objects.requireNonNull(mapper, "'mapper' must not be null");
			return this;
		}

		/**
		 * Set how long a call waits for its answer. Default 30 seconds.
		 * @param timeout the timeout, at least 1 ms
		 * @return this builder
		 * @throws IllegalArgumentException if the timeout is shorter than 1 ms
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = Arguments.milliseconds(timeout, "timeout");
			return this;
		}

		/**
		 * Reconnect when the connection is lost, waiting from {@code initial} up to
		 * {@code max} between attempts; listeners stay attached. Calls in flight when the
		 * connection is lost fail; calls made while reconnecting wait for the connection.
		 * @param initial the first wait, at least 1 ms
		 * @param max the longest wait, not shorter than {@code initial}
		 * @return this builder
		 * @throws IllegalArgumentException if a wait is shorter than 1 ms or {@code max}
		 * is shorter than {@code initial}
		 */
		public Builder reconnect(Duration initial, Duration max) {
			Arguments.milliseconds(initial, "initial");
			Arguments.milliseconds(max, "max");
			if (max.compareTo(initial) < 0) {
				throw new IllegalArgumentException(
						"'max' must not be shorter than 'initial' (" + initial + "), but was " + max);
			}
			this.reconnect = true;
			this.initialBackoff = initial;
			this.maxBackoff = max;
			return this;
		}

		/**
		 * Set the longest message accepted from the daemon. Default 16 MiB.
		 * @param bytes the size in bytes, positive
		 * @return this builder
		 * @throws IllegalArgumentException if the size is not positive
		 */
		public Builder maxMessageSize(int bytes) {
			this.maxMessageSize = Arguments.positive(bytes, "maxMessageSize");
			return this;
		}

		/**
		 * Set the user the server must run as: the client connects only to a socket
		 * served by a process of that user or of root (peer credentials), on every
		 * connection and reconnection. Default: the current user. Set it to talk to a
		 * daemon of another user, such as a system daemon with a shared socket.
		 * @param uid the uid of the server
		 * @return this builder
		 * @throws IllegalArgumentException if the uid is negative
		 */
		public Builder expectedServerUid(long uid) {
			this.serverUid = Arguments.notNegative(uid, "uid");
			return this;
		}

		/**
		 * Connect.
		 * @return the connected client
		 * @throws UncheckedIOException if the connection fails
		 * @throws UntrustedDaemonException if the socket is served by another user than
		 * the expected one or root
		 */
		public UdsRpcClient build() {
			return new UdsRpcClient(this);
		}

	}

}
