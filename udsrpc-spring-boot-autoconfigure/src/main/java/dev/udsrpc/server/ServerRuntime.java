package dev.udsrpc.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.protocol.internal.MessageDecoder;
import org.jspecify.annotations.Nullable;

/**
 * What the parts of a running server share: its settings, its connections, the event
 * loop, the dispatcher and the accounts of requests and input. The connections, the
 * acceptor and the dispatcher talk to it rather than to the public {@link UdsRpcServer}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ServerRuntime {

	private final UdsRpcServer server;

	private final HandlerRegistry registry;

	private final ServerOptions options;

	private final HandlerExecution execution;

	private final UdsRpcCallObserver callObserver;

	private final FatalErrors fatalErrors;

	private final Map<Long, ServerConnection> connections = new ConcurrentHashMap<>();

	private final List<UdsRpcConnectionListener> listeners = new CopyOnWriteArrayList<>();

	private final ListenerNotifier notifier;

	private final InputLimits inputLimits;

	private final DrainBarrier drain = new DrainBarrier();

	private final EventBroadcaster events;

	private final RequestDispatcher dispatcher;

	private volatile @Nullable EventLoop loop;

	private volatile @Nullable Acceptor acceptor;

	private volatile boolean shuttingDown;

	ServerRuntime(UdsRpcServer server, HandlerRegistry registry, ServerOptions options, HandlerExecution execution,
			UdsRpcCallObserver callObserver, FatalErrors fatalErrors, int maxBatchSize,
			List<UdsRpcConnectionListener> listeners) {
		this.server = server;
		this.registry = registry;
		this.options = options;
		this.execution = execution;
		this.callObserver = callObserver;
		this.fatalErrors = fatalErrors;
		this.listeners.addAll(listeners);
		this.notifier = new ListenerNotifier(this.listeners, execution.executor(), fatalErrors);
		this.inputLimits = new InputLimits(options.maxBufferedInput(), options.partialLineTimeout(),
				this.connections.values());
		this.events = new EventBroadcaster(registry.jsonMapper(), this.connections.values(), this.listeners);
		this.dispatcher = new RequestDispatcher(new MessageDecoder(options.readConstraints(), maxBatchSize),
				new RequestHandler(registry, callObserver, this::isShuttingDown, this::unexpected,
						execution.quickHandlersOnLoop() ? new QuickHandlers() : null),
				this);
	}

	UdsRpcServer server() {
		return this.server;
	}

	HandlerRegistry registry() {
		return this.registry;
	}

	ServerOptions options() {
		return this.options;
	}

	HandlerExecution execution() {
		return this.execution;
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

	Map<Long, ServerConnection> connections() {
		return this.connections;
	}

	List<UdsRpcConnectionListener> listeners() {
		return this.listeners;
	}

	ListenerNotifier notifier() {
		return this.notifier;
	}

	DrainBarrier drain() {
		return this.drain;
	}

	EventBroadcaster events() {
		return this.events;
	}

	boolean isShuttingDown() {
		return this.shuttingDown;
	}

	void shuttingDown() {
		this.shuttingDown = true;
		this.drain.drain();
	}

	void started(EventLoop loop, Acceptor acceptor) {
		this.loop = loop;
		this.acceptor = acceptor;
	}

	@Nullable EventLoop loop() {
		return this.loop;
	}

	/**
	 * Hand the lines of one read of a connection to the workers.
	 * @param connection the connection
	 * @param lines the lines
	 */
	void dispatch(ServerConnection connection, byte[][] lines) {
		this.dispatcher.dispatch(connection, lines);
	}

	/**
	 * Close a connection after an error nobody expected while handling its input: a
	 * handler's {@link Error}, or a failure of the server itself.
	 * @param connection the connection
	 * @param error the error
	 */
	void unexpected(ServerConnection connection, Throwable error) {
		connection.closeNow();
		this.fatalErrors.closing(error, connection);
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
				this.drain.signal();
			}
		}
	}

	/**
	 * Run a task on the event loop thread: at once when called on it.
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

}
