package dev.udsrpc.server;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

import dev.udsrpc.handler.HandlerRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;

/**
 * Serves RPC methods of a {@link HandlerRegistry} on a Unix domain socket and pushes
 * events to connected clients: one event loop accepts and reads connections, workers
 * handle requests concurrently, and replies are written by the thread producing them.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class UdsRpcServer implements AutoCloseable {

	/**
	 * The event broadcast to every client when a graceful shutdown begins.
	 */
	public static final String SHUTTING_DOWN_EVENT = "ShuttingDown";

	final ServerLifecycle lifecycle;

	private UdsRpcServer(ServerSettings settings) {
		this.lifecycle = new ServerLifecycle(this, settings);
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
	 * Bind the socket and serve. Fails if anything exists at the socket path.
	 * @return this server
	 * @throws UncheckedIOException if the socket cannot be bound
	 */
	public UdsRpcServer start() {
		this.lifecycle.start();
		return this;
	}

	/**
	 * Load the classes a server needs (Jackson's, junixsocket's) now, from any thread.
	 */
	public static void preload() {
		JsonPreloader.preloadAll();
	}

	/**
	 * Return the path of the socket.
	 * @return the socket path
	 */
	public Path socketPath() {
		return this.lifecycle.socketPath();
	}

	/**
	 * Return whether the server serves an inherited socket (socket activation).
	 * @return {@code true} for an inherited socket
	 */
	public boolean isSocketInherited() {
		return this.lifecycle.binder().isInherited();
	}

	/**
	 * Return whether the server is accepting connections.
	 * @return {@code true} while serving
	 */
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	/**
	 * Return the handlers this server dispatches to.
	 * @return the registry
	 */
	public HandlerRegistry registry() {
		return this.lifecycle.runtime().registry();
	}

	/**
	 * Return a snapshot of the connected clients.
	 * @return the open connections
	 */
	public Collection<UdsRpcConnection> connections() {
		return List.copyOf(this.lifecycle.runtime().connections().values());
	}

	/**
	 * Add a listener for connections opened and closed from now on.
	 * @param listener the listener
	 */
	public void addListener(UdsRpcConnectionListener listener) {
		this.lifecycle.runtime().listeners().add(Objects.requireNonNull(listener, "'listener' must not be null"));
	}

	/**
	 * Push an event to every connected client.
	 * @param type the event type
	 * @param data the event data or {@code null}
	 */
	public void broadcast(String type, @Nullable Object data) {
		this.lifecycle.runtime().events().broadcast(type, data, (connection) -> true);
	}

	/**
	 * Push an event to the connected clients that match a predicate.
	 * @param type the event type
	 * @param data the event data or {@code null}
	 * @param filter selects the receiving connections
	 */
	public void broadcast(String type, @Nullable Object data, Predicate<UdsRpcConnection> filter) {
		this.lifecycle.runtime().events().broadcast(type, data, filter);
	}

	/**
	 * Shut down gracefully: send {@value #SHUTTING_DOWN_EVENT}, stop accepting, let the
	 * requests in flight finish within the grace period, then close and unlink.
	 * @param grace how long to wait for requests in flight
	 */
	public void shutdown(Duration grace) {
		this.lifecycle.shutdown(grace);
	}

	/**
	 * Shut down at once: requests in flight get no response.
	 */
	@Override
	public void close() {
		shutdown(Duration.ZERO);
	}

	/**
	 * Builds a {@link UdsRpcServer}.
	 */
	public static final class Builder {

		final ServerSettings settings;

		private Builder(HandlerRegistry registry) {
			this.settings = new ServerSettings(registry);
		}

		/**
		 * Set the path of the socket to bind.
		 * @param socketPath the path
		 * @return this builder
		 */
		public Builder socketPath(Path socketPath) {
			this.settings.socketPath = Objects.requireNonNull(socketPath, "'socketPath' must not be null");
			return this;
		}

		/**
		 * Set the longest message; a longer line gets -32600 and a close. Default 16 MiB.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxMessageSize(int bytes) {
			this.settings.maxMessageSize = ServerSettings.positive(bytes, "maxMessageSize");
			return this;
		}

		/**
		 * Set the most connections served at once; more are closed. Default 4096.
		 * @param connections the number of connections
		 * @return this builder
		 */
		public Builder maxConnections(int connections) {
			this.settings.maxConnections = ServerSettings.positive(connections, "maxConnections");
			return this;
		}

		/**
		 * Set the most connections of one peer uid; more are closed. Default 1024.
		 * @param connections the number of connections
		 * @return this builder
		 */
		public Builder maxConnectionsPerUid(int connections) {
			this.settings.maxConnectionsPerUid = ServerSettings.positive(connections, "maxConnectionsPerUid");
			return this;
		}

		/**
		 * Set the listen backlog. Default: {@code net.core.somaxconn}, else 4096.
		 * @param connections the number of connections
		 * @return this builder
		 */
		public Builder backlog(int connections) {
			this.settings.backlog = ServerSettings.positive(connections, "backlog");
			return this;
		}

		/**
		 * Set the most input all connections hold (beyond: -32001). Default: 1/4 heap.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxBufferedInput(long bytes) {
			this.settings.maxBufferedInput = ServerSettings.positive(bytes, "maxBufferedInput");
			return this;
		}

		/**
		 * Set how long an incomplete line may wait (-32600 and a close). Default 30 s.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder partialLineTimeout(Duration timeout) {
			this.settings.partialLineTimeout = ServerSettings.positive(timeout, "partialLineTimeout");
			return this;
		}

		/**
		 * Set the most requests (batch entries count) of one connection in flight, beyond
		 * which it is not read; the built-in pool allows 3/4 of its threads. Default 128.
		 * @param requests the number of requests
		 * @return this builder
		 */
		public Builder maxRequestsInFlight(int requests) {
			this.settings.maxRequestsInFlight = ServerSettings.positive(requests, "maxRequestsInFlight");
			return this;
		}

		/**
		 * Set the most bytes queued for a connection; beyond it, it closes. Default 16
		 * MiB.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxQueuedBytes(long bytes) {
			this.settings.maxQueuedBytes = ServerSettings.positive(bytes, "maxQueuedBytes");
			return this;
		}

		/**
		 * Set the user ids of the peers served. Default: the server's user and root.
		 * @param uids the user ids
		 * @return this builder
		 */
		public Builder allowedUids(Collection<Long> uids) {
			this.settings.allowedUids = new LinkedHashSet<>(uids);
			return this;
		}

		/**
		 * Set group ids whose peers are served too: a peer whose primary or supplementary
		 * group ({@code /proc/<pid>/status}) is one of them. Default none.
		 * @param gids the group ids
		 * @return this builder
		 */
		public Builder allowedGids(Collection<Long> gids) {
			this.settings.allowedGids = new LinkedHashSet<>(gids);
			return this;
		}

		/**
		 * Set the permissions of the socket file. Default {@code rw-------}.
		 * @param permissions the permissions
		 * @return this builder
		 */
		public Builder socketPermissions(Set<PosixFilePermission> permissions) {
			this.settings.socketPermissions = Set.copyOf(permissions);
			return this;
		}

		/**
		 * Set the limits on received JSON. Default: the registry's.
		 * @param constraints the constraints
		 * @return this builder
		 */
		public Builder readConstraints(StreamReadConstraints constraints) {
			this.settings.readConstraints = Objects.requireNonNull(constraints, "'constraints' must not be null");
			return this;
		}

		/**
		 * Set the most entries of a JSON-RPC 2.0 batch (more: -32600). Default 1000.
		 * @param entries the number of entries
		 * @return this builder
		 */
		public Builder maxBatchSize(int entries) {
			this.settings.maxBatchSize = ServerSettings.positive(entries, "maxBatchSize");
			return this;
		}

		/**
		 * Set the executor handlers run on; the caller shuts it down. A reply is then
		 * held for a later write only while requests of its connection wait to start.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(ExecutorService executor) {
			this.settings.executor = Objects.requireNonNull(executor, "'executor' must not be null");
			return this;
		}

		/**
		 * Run each handler on a virtual thread of its own (Java 21 or later) instead of
		 * the built-in pool, unless an {@link #executor(ExecutorService) executor} is
		 * set.
		 * @return this builder
		 * @throws IllegalStateException before Java 21
		 */
		public Builder virtualThreads() {
			this.settings.virtualThreads = VirtualThreads.require();
			return this;
		}

		/**
		 * Set the most threads of the built-in pool (one per core at first). Default 200.
		 * @param threads the number of threads
		 * @return this builder
		 */
		public Builder workerThreads(int threads) {
			this.settings.workerThreads = ServerSettings.positive(threads, "workerThreads");
			return this;
		}

		/**
		 * Set whether the event loop runs a handler whose last 64 calls each took at most
		 * 50 µs, until one takes 5 ms (built-in pool only). Default {@code false}: faster
		 * for many connections, slower for a single busy one.
		 * @param enabled whether quick handlers run on the event loop
		 * @return this builder
		 */
		public Builder quickHandlersOnEventLoop(boolean enabled) {
			this.settings.quickHandlersOnEventLoop = enabled;
			return this;
		}

		/**
		 * Serve an inherited listening socket (socket activation) instead of binding one.
		 * @param fd the file descriptor, usually 3
		 * @return this builder
		 */
		public Builder inheritedDescriptor(int fd) {
			this.settings.inheritedDescriptor = ServerSettings.notNegative(fd, "fd");
			return this;
		}

		/**
		 * Add a connection listener.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(UdsRpcConnectionListener listener) {
			this.settings.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
			return this;
		}

		/**
		 * Add an observer of the calls handled, called after those added before.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder callObserver(UdsRpcCallObserver observer) {
			Objects.requireNonNull(observer, "'observer' must not be null");
			this.settings.callObserver = CompositeCallObserver.of(this.settings.callObserver, observer);
			return this;
		}

		/**
		 * Build the server, not yet started.
		 * @return the server
		 */
		public UdsRpcServer build() {
			return new UdsRpcServer(this.settings);
		}

	}

}
