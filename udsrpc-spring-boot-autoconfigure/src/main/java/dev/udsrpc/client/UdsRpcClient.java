package dev.udsrpc.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.internal.DaemonTrust;
import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.protocol.internal.JsonLineBuilder;
import dev.udsrpc.protocol.internal.MessageEncoder;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
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

	private final JsonMapper mapper;

	private final PendingCalls pending;

	private final EventListeners listeners = new EventListeners();

	private final ClientTransport transport;

	private UdsRpcClient(Builder builder) {
		this.mapper = (builder.mapper != null) ? builder.mapper : JsonMapper.builder().build();
		this.pending = new PendingCalls(builder.timeout);
		MessageDispatcher dispatcher = new MessageDispatcher(builder.socketPath, this.mapper, this.pending,
				this.listeners);
		this.transport = new ClientTransport(new ServerConnector(builder.socketPath, builder.serverUid),
				builder.maxMessageSize, builder.backoff, dispatcher);
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
		PendingCalls.Call call = this.pending.start(method, this.mapper.constructType(resultType));
		if (!call.future().isDone()) {
			try {
				this.transport.send(encode(call.id(), method, params), call::fail);
			}
			catch (JacksonException ex) {
				call.fail(new IllegalArgumentException(
						"Cannot serialize the params of '" + method + "': " + ex.getOriginalMessage(), ex));
			}
		}
		@SuppressWarnings("unchecked")
		CompletableFuture<@Nullable T> future = (CompletableFuture<@Nullable T>) (CompletableFuture<?>) call.future();
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
		return this.transport.isConnected();
	}

	/**
	 * Return a future that completes when the client is disconnected for good: closed, or
	 * the connection was lost and the client does not reconnect.
	 * @return the future
	 */
	public CompletableFuture<Void> disconnected() {
		return this.transport.disconnected().copy();
	}

	/**
	 * Return the mapper that serializes params and converts results.
	 * @return the mapper
	 */
	public JsonMapper jsonMapper() {
		return this.mapper;
	}

	/**
	 * Close the connection; calls in flight fail.
	 */
	@Override
	public void close() {
		this.pending.close(new UncheckedIOException(new IOException("Client closed")));
		this.transport.close();
	}

	<T> @Nullable T await(String method, CompletableFuture<@Nullable T> future) {
		return this.pending.await(method, future);
	}

	private byte[] encode(RpcId id, String method, @Nullable Object params) {
		JsonLineBuilder out = new JsonLineBuilder(64);
		MessageEncoder.beginRequest(out, id, method, params != null);
		if (params != null) {
			this.mapper.writeValue(out, params);
		}
		MessageEncoder.endRequest(out);
		return out.toByteArray();
	}

	/**
	 * Builds a {@link UdsRpcClient}.
	 */
	public static final class Builder {

		private final Path socketPath;

		private @Nullable JsonMapper mapper;

		private Duration timeout = Duration.ofSeconds(30);

		private @Nullable ReconnectBackoff backoff;

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
			this.backoff = new ReconnectBackoff(initial, max);
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
