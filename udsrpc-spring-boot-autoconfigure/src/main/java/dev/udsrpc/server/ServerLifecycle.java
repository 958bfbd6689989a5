package dev.udsrpc.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;

/**
 * Starts and stops a server: binds its socket and starts its event loop, and shuts it
 * down gracefully, in order: the {@value UdsRpcServer#SHUTTING_DOWN_EVENT} event, no more
 * accepting, requests in flight drained within the grace period, replies still owed
 * abandoned with an error, queued messages flushed, connections closed, the loop stopped
 * and the socket file removed.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ServerLifecycle {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private static final AtomicInteger serverCount = new AtomicInteger();

	private final int number = serverCount.incrementAndGet();

	private final Path socketPath;

	private final SocketBinder binder;

	private final ServerRuntime runtime;

	private volatile @Nullable AFUNIXServerSocketChannel channel;

	private volatile boolean running;

	ServerLifecycle(UdsRpcServer server, ServerSettings settings) {
		this.socketPath = Objects.requireNonNull(settings.socketPath, "'socketPath' must not be null");
		this.binder = new SocketBinder(this.socketPath, settings.inheritedDescriptor);
		this.runtime = new ServerRuntime(server, settings.registry, settings.options(),
				settings.execution("udsrpc-worker-" + this.number), settings.callObserver,
				new FatalErrors(settings.fatalErrorExit), settings.maxBatchSize, settings.listeners);
	}

	Path socketPath() {
		return this.socketPath;
	}

	SocketBinder binder() {
		return this.binder;
	}

	ServerRuntime runtime() {
		return this.runtime;
	}

	boolean isRunning() {
		return this.running && !this.runtime.isShuttingDown();
	}

	synchronized void start() {
		if (this.running) {
			return;
		}
		if (this.runtime.isShuttingDown()) {
			throw new IllegalStateException("A server that was shut down cannot be restarted");
		}
		AFUNIXServerSocketChannel opened = null;
		EventLoop loop;
		try {
			AFUNIXSelectorProvider provider = AFUNIXSelectorProvider.provider();
			ServerOptions options = this.runtime.options();
			opened = this.binder.open(provider, options.backlog(), options.socketPermissions());
			Selector selector = provider.openSelector();
			Acceptor acceptor = new Acceptor(this.runtime, opened, selector);
			loop = new EventLoop("udsrpc-loop-" + this.number, selector, acceptor, this.runtime.inputLimits(),
					this.runtime.fatalErrors());
			this.runtime.started(loop, acceptor);
			this.channel = opened;
		}
		catch (IOException ex) {
			SocketBinder.closeQuietly(opened);
			throw new UncheckedIOException("Cannot bind udsrpc socket '" + this.socketPath + "': " + ex.getMessage(),
					ex);
		}
		this.running = true;
		loop.start();
		logger.log(Level.DEBUG, () -> "udsrpc server listening on " + this.socketPath);
	}

	void shutdown(Duration grace) {
		synchronized (this) {
			if (!this.running || this.runtime.isShuttingDown()) {
				return;
			}
			this.runtime.shuttingDown();
		}
		Collection<ServerConnection> connections = this.runtime.connections().values();
		this.runtime.events().broadcast(UdsRpcServer.SHUTTING_DOWN_EVENT, null, (connection) -> true);
		this.runtime.onEventLoop(this::stopAccepting);
		this.runtime.drain().awaitRequests(grace.toNanos());
		connections.forEach(ServerConnection::abandonPendingReplies);
		long flushTimeout = Math.min(grace.toNanos(), TimeUnit.SECONDS.toNanos(1));
		connections.forEach(ServerConnection::closeWhenFlushed);
		this.runtime.drain().await(connections::isEmpty, flushTimeout);
		connections.forEach(ServerConnection::closeNow);
		EventLoop loop = this.runtime.loop();
		if (loop != null) {
			loop.stop();
		}
		SocketBinder.closeQuietly(this.channel);
		this.runtime.notifier().drain();
		HandlerExecution execution = this.runtime.execution();
		if (execution.owned()) {
			execution.executor().shutdownNow();
		}
		this.binder.deleteSocketFile();
		this.running = false;
	}

	private void stopAccepting() {
		SocketBinder.closeQuietly(this.channel);
		this.binder.deleteSocketFile();
	}

}
