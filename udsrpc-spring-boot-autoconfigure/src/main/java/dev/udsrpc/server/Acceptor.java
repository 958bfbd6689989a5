package dev.udsrpc.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Accepts connections on the event loop, doing no more per connection than reading the
 * peer's credentials, applying the allowed users and the connection limits, and
 * registering it: listeners are called and refusals logged elsewhere or in aggregate, so
 * that a burst of connections drains the listen backlog quickly.
 * <p>
 * At a connection limit, connections whose peer has hung up but whose end of input has
 * not been read yet are closed first, so that a client that closes one connection and
 * opens another at once is not refused. When accepting fails (out of file descriptors),
 * the {@link AcceptThrottle} pauses it.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class Acceptor {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final ServerRuntime runtime;

	private final ServerOptions options;

	private final Map<Long, ServerConnection> connections;

	private final ListenerNotifier notifier;

	private final AcceptThrottle throttle = new AcceptThrottle();

	private final RefusalLog refusals = new RefusalLog();

	private final Map<Long, Integer> connectionsPerUid = new ConcurrentHashMap<>();

	private final AtomicLong connectionIds = new AtomicLong();

	private final AFUNIXServerSocketChannel channel;

	private final Selector selector;

	private final SelectionKey key;

	Acceptor(ServerRuntime runtime, AFUNIXServerSocketChannel channel, Selector selector) throws IOException {
		this.runtime = runtime;
		this.options = runtime.options();
		this.connections = runtime.connections();
		this.notifier = runtime.notifier();
		this.channel = channel;
		this.selector = selector;
		this.key = channel.register(selector, SelectionKey.OP_ACCEPT);
	}

	/**
	 * Accept every connection waiting. Runs on the event loop, not while it goes through
	 * its selected keys.
	 * @param now the time ({@link System#nanoTime()})
	 */
	void acceptAll(long now) {
		if (this.throttle.isPaused() || this.runtime.isShuttingDown() || !this.key.isValid()) {
			return;
		}
		boolean reaped = false;
		while (true) {
			AFUNIXSocketChannel accepted;
			try {
				accepted = this.channel.accept();
			}
			catch (IOException ex) {
				if (this.channel.isOpen()) {
					this.throttle.failed(ex, now);
					this.key.interestOps(0);
				}
				return;
			}
			if (accepted == null) {
				return;
			}
			this.throttle.accepted();
			reaped = accept(accepted, now, reaped);
		}
	}

	private boolean accept(AFUNIXSocketChannel accepted, long now, boolean reaped) {
		PeerCredentials peer;
		try {
			AFUNIXSocketCredentials credentials = accepted.getPeerCredentials();
			peer = ProcessGroups.credentials(credentials.getPid(), credentials.getUid(), credentials.getGid());
		}
		catch (IOException ex) {
			refuse(accepted, null, "credentials", "its credentials cannot be read (" + ex.getMessage() + ")", now);
			return reaped;
		}
		if (!isAllowed(peer)) {
			refuse(accepted, peer, "not-allowed", "its user is not allowed", now);
			return reaped;
		}
		boolean reapedNow = reaped;
		if (!reapedNow && atLimit(peer)) {
			// hung-up connections count until their end of input is read: read it first
			this.runtime.reapHungUp(now);
			reapedNow = true;
		}
		if (this.connections.size() >= this.options.maxConnections()) {
			refuse(accepted, peer, "limit", "the limit of " + this.options.maxConnections() + " connections is reached",
					now);
			return reapedNow;
		}
		if (this.connectionsPerUid.getOrDefault(peer.uid(), 0) >= this.options.maxConnectionsPerUid()) {
			refuse(accepted, peer, "uid-limit",
					"its user has " + this.options.maxConnectionsPerUid() + " connections, the most one user may have",
					now);
			return reapedNow;
		}
		register(accepted, peer);
		return reapedNow;
	}

	private boolean atLimit(PeerCredentials peer) {
		return this.connections.size() >= this.options.maxConnections()
				|| this.connectionsPerUid.getOrDefault(peer.uid(), 0) >= this.options.maxConnectionsPerUid();
	}

	private void register(AFUNIXSocketChannel accepted, PeerCredentials peer) {
		ServerConnection connection = new ServerConnection(this.connectionIds.incrementAndGet(), accepted, peer,
				this.runtime);
		try {
			accepted.configureBlocking(false);
			boolean notify = this.notifier.hasListeners();
			// with listeners, the connection is read once they have seen it opened
			SelectionKey key = accepted.register(this.selector, notify ? 0 : SelectionKey.OP_READ, connection);
			connection.reader().registered(key);
			this.connectionsPerUid.merge(peer.uid(), 1, Integer::sum);
			if (notify) {
				this.notifier.opened(connection, () -> this.runtime.onEventLoop(connection.reader()::startReading));
			}
			this.connections.put(connection.id(), connection);
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot register " + connection, ex);
			connection.closeNow();
		}
	}

	private void refuse(AFUNIXSocketChannel accepted, @Nullable PeerCredentials peer, String reason, String detail,
			long now) {
		try {
			accepted.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
		this.refusals.refused(peer, reason, detail, now);
		this.notifier.refused(peer, reason);
	}

	/**
	 * Forget a closed connection; resume accepting if it was paused for want of
	 * descriptors. Safe on any thread.
	 * @param connection the connection
	 */
	void closed(ServerConnection connection) {
		this.connectionsPerUid.computeIfPresent(connection.peer().uid(),
				(uid, count) -> (count > 1) ? count - 1 : null);
		if (this.throttle.isPaused()) {
			this.runtime.onEventLoop(() -> resume(System.nanoTime()));
		}
	}

	/**
	 * Return the next time the acceptor has something to do.
	 * @return the time ({@link System#nanoTime()}), or {@link InputLimits#NONE}
	 */
	long nextDeadline() {
		long resume = this.throttle.resumeAt();
		long summary = this.refusals.nextSummary();
		return (resume == InputLimits.NONE || (summary != InputLimits.NONE && summary - resume < 0)) ? summary : resume;
	}

	/**
	 * Do what is due: resume accepting, log the refusals counted.
	 * @param now the time ({@link System#nanoTime()})
	 */
	void onTime(long now) {
		long resume = this.throttle.resumeAt();
		if (resume != InputLimits.NONE && now - resume >= 0) {
			resume(now);
		}
		this.refusals.summarize(now);
	}

	private void resume(long now) {
		if (!this.throttle.isPaused() || !this.key.isValid()) {
			return;
		}
		this.throttle.resume();
		this.key.interestOps(SelectionKey.OP_ACCEPT);
		acceptAll(now);
	}

	private boolean isAllowed(PeerCredentials peer) {
		Set<Long> gids = this.options.allowedGids();
		if (this.options.allowedUids().contains(peer.uid()) || gids.contains(peer.gid())) {
			return true;
		}
		for (Long group : peer.groups()) {
			if (gids.contains(group)) {
				return true;
			}
		}
		return false;
	}

}
