package dev.udsrpc.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.udsrpc.protocol.Dialect;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * One accepted connection, put together from its parts: its {@link ConnectionReader}
 * reads it on the event loop, its {@link InboundFlow} decides which lines go to the
 * workers, its {@link PendingReplies} track the replies it is owed, and its
 * {@link OutboundQueue} writes replies and events from whichever thread produced them,
 * held for a later write as the server's {@link ReplyCoalescing} allows.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ServerConnection implements UdsRpcConnection, LineBatch.Connection, OutboundQueue.Host {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final long id;

	private final AFUNIXSocketChannel channel;

	private final PeerCredentials peer;

	private final ServerRuntime runtime;

	private final ReplyCoalescing coalescing;

	private final ConnectionReader reader;

	private final InboundFlow inbound;

	private final OutboundQueue outbound;

	private final PendingReplies pendingReplies = new PendingReplies();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile Dialect dialect = Dialect.GO;

	private volatile boolean spokeGo;

	ServerConnection(long id, AFUNIXSocketChannel channel, PeerCredentials peer, ServerRuntime runtime) {
		this.id = id;
		this.channel = channel;
		this.peer = peer;
		this.runtime = runtime;
		this.coalescing = runtime.execution().coalescing();
		this.reader = new ConnectionReader(this, channel, runtime);
		this.inbound = this.reader.inbound();
		this.outbound = new OutboundQueue(channel, runtime.options().maxQueuedBytes(), this);
	}

	@Override
	public long id() {
		return this.id;
	}

	@Override
	public PeerCredentials peer() {
		return this.peer;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public Dialect dialect() {
		return this.dialect;
	}

	@Override
	public boolean isOpen() {
		return !this.closed.get();
	}

	@Override
	public boolean sendEvent(String type, @Nullable Object data) {
		return this.runtime.events().send(this, type, data);
	}

	@Override
	public void close() {
		closeWhenFlushed();
	}

	@Override
	public String toString() {
		return "connection " + this.id + " (pid " + this.peer.pid() + ", uid " + this.peer.uid() + ")";
	}

	/**
	 * Record the dialect of a message the connection sent: once it spoke JSON-RPC 2.0,
	 * its events are sent as 2.0 notifications.
	 * @param spoken the dialect
	 */
	void spoke(Dialect spoken) {
		if (spoken == Dialect.JSON_RPC_2) {
			if (this.dialect != Dialect.JSON_RPC_2) {
				this.dialect = Dialect.JSON_RPC_2;
			}
		}
		else if (!this.spokeGo) {
			this.spokeGo = true;
		}
	}

	/**
	 * Return the dialect of an error to a line that has none of its own: the one the
	 * connection speaks, JSON-RPC 2.0 until it has spoken.
	 * @return the dialect
	 */
	Dialect errorDialect() {
		return (this.spokeGo && this.dialect != Dialect.JSON_RPC_2) ? Dialect.GO : Dialect.JSON_RPC_2;
	}

	@Nullable Object context(Class<?> type) {
		if (type == UdsRpcConnection.class) {
			return this;
		}
		if (type == PeerCredentials.class) {
			return this.peer;
		}
		if (type == UdsRpcServer.class) {
			return this.runtime.server();
		}
		return null;
	}

	// ---- event loop side

	ConnectionReader reader() {
		return this.reader;
	}

	/**
	 * Continue a write the socket had no room for. Runs on the event loop.
	 */
	void onWritable() {
		this.reader.setInterest(SelectionKey.OP_WRITE, false);
		this.outbound.onWritable();
	}

	// ---- worker side

	/**
	 * Register a reply this connection is owed.
	 * @param abandoned the message to send if the reply is abandoned at shutdown
	 * @return the pending reply
	 */
	PendingReply expectReply(Supplier<byte @Nullable []> abandoned) {
		return this.pendingReplies.expect(abandoned);
	}

	/**
	 * Send a reply unless it was sent or abandoned already, held for a later write as the
	 * server's {@link ReplyCoalescing} allows.
	 * @param reply the pending reply
	 * @param message the reply, or {@code null} for none
	 * @param onTakingWorker whether the worker that took the request produced it, and so
	 * will call {@link #flushHeldReplies()} when it has no line left
	 */
	void reply(PendingReply reply, byte @Nullable [] message, boolean onTakingWorker) {
		if (this.pendingReplies.settle(reply) && message != null) {
			this.outbound.send(message, this.coalescing.mayHold(onTakingWorker, this.inbound.linesWaiting()));
		}
	}

	/**
	 * Answer every reply still owed with its error.
	 */
	void abandonPendingReplies() {
		this.pendingReplies.abandonAll(this::send);
	}

	@Override
	public boolean isHoldingReplies() {
		return this.outbound.isHolding();
	}

	/**
	 * Write the held replies, unless another thread is writing.
	 */
	@Override
	public void flushHeldReplies() {
		this.outbound.flushHeld();
	}

	/**
	 * Called once per dispatched line as a worker starts it (or as it is refused).
	 */
	@Override
	public void requestStarted() {
		if (this.inbound.started() && this.coalescing.flushesOnLastStart()) {
			this.outbound.flushHeld();
		}
	}

	/**
	 * Called once per line when its response (if any) was queued.
	 * @param line the line, as dispatched
	 */
	@Override
	public void requestDone(byte[] line) {
		this.inbound.done(line);
		this.runtime.drain().requestFinished();
	}

	int takeShares(int wanted) {
		return this.inbound.takeShares(wanted);
	}

	void releaseShares(int shares) {
		this.inbound.releaseShares(shares);
	}

	/**
	 * Queue a complete message (with its line terminator) and write what the socket
	 * takes. Never blocks.
	 * @param message the message
	 * @return {@code false} if the connection is closed
	 */
	@Override
	public boolean send(byte[] message) {
		return this.outbound.send(message, false);
	}

	/**
	 * Close once everything queued is written.
	 */
	void closeWhenFlushed() {
		if (isOpen()) {
			this.outbound.closeWhenFlushed();
		}
	}

	/**
	 * Close at once, dropping anything queued.
	 * @return {@code true} if this call closed the connection
	 */
	boolean closeNow() {
		if (!this.closed.compareAndSet(false, true)) {
			return false;
		}
		this.inbound.closed();
		this.outbound.close();
		SelectionKey current = this.reader.key();
		if (current != null) {
			current.cancel();
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// nothing left to do
		}
		this.runtime.connectionClosed(this);
		return true;
	}

	@Override
	public void writeBlocked() {
		this.runtime.onEventLoop(() -> this.reader.setInterest(SelectionKey.OP_WRITE, true));
	}

	@Override
	public void flushedAndClosing() {
		closeNow();
	}

	@Override
	public void overflowed(long limit) {
		if (closeNow()) {
			logger.log(Level.WARNING,
					() -> "Closed " + this + ": it does not read, and more than " + limit + " bytes are queued for it");
		}
	}

	@Override
	public void failed(IOException failure) {
		closeNow();
	}

}
