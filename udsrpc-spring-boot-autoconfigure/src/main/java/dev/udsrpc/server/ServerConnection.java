package dev.udsrpc.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.LineFramer;
import dev.udsrpc.protocol.MessageEncoder;
import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * One accepted connection: reads lines on the event loop, counts requests in flight, and
 * writes outgoing messages without blocking, from whichever thread produced them.
 * <p>
 * The in-flight limits are strict: lines read while the connection has as many requests
 * (or request bytes) in flight as allowed wait in a backlog and are dispatched, in order,
 * as requests complete. Reading stops while the backlog is not empty, so the backlog
 * holds at most what one read returned.
 * <p>
 * Replies are coalesced, so that the replies to the lines of one read usually leave in
 * one write. With the built-in pool, a worker keeps the replies of the lines it takes
 * until it has no line left; before each handler it runs meanwhile, it queues a task that
 * writes them, which any free worker takes at once (and the pool adds a worker when every
 * one is blocked), so a slow handler does not hold them back. With an executor of the
 * application's, which may not start that task, a reply is deferred only while more
 * requests of its connection wait to start, and the start of the last one writes the
 * deferred replies before its handler runs. Either way the deferred replies are written
 * once they reach {@value #WRITE_CHUNK} bytes or are {@value #MAX_DEFER_MICROS} µs old.
 *
 * @author udsrpc authors
 */
final class ServerConnection implements UdsRpcConnection {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private static final int WRITE_CHUNK = 64 * 1024;

	private static final long MAX_DEFER_MICROS = 100;

	private static final long MAX_DEFER_NANOS = MAX_DEFER_MICROS * 1000;

	private static final ThreadLocal<ByteBuffer> writeBuffers = ThreadLocal
		.withInitial(() -> ByteBuffer.allocateDirect(WRITE_CHUNK));

	private final long id;

	private final AFUNIXSocketChannel channel;

	private final PeerCredentials peer;

	private final UdsRpcServer server;

	private final LineFramer framer;

	// the most requests in flight: its share of the requests and of the workers
	private final int maxInFlight;

	private final InputLimits.Account inputAccount = new InputLimits.Account();

	// whether a worker may keep the replies of its lines until it has no line left
	private final boolean deferToEndOfLines;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong inFlightBytes = new AtomicLong();

	// dispatched requests a worker has not started yet
	private final AtomicInteger waitingToStart = new AtomicInteger();

	private final AtomicBoolean resumeScheduled = new AtomicBoolean();

	// lines read but not yet dispatched, and their bytes; event loop only
	private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();

	private long backlogBytes;

	// lines dispatched by the current read or resume, handed to the workers together;
	// event loop only
	private final ArrayList<byte[]> batch = new ArrayList<>();

	private boolean draining;

	private final Set<PendingReply> pendingReplies = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile Dialect dialect = Dialect.GO;

	private volatile boolean spokeGo;

	private volatile @Nullable SelectionKey key;

	private volatile boolean readPaused;

	private volatile boolean inputClosed;

	// outbound state, guarded by "queue"
	private final ArrayDeque<byte[]> queue = new ArrayDeque<>();

	private int headOffset;

	private long queuedBytes;

	private boolean flushing;

	private volatile boolean deferred;

	private long deferredSince;

	private boolean waitingForWritable;

	private boolean closeWhenFlushed;

	ServerConnection(long id, AFUNIXSocketChannel channel, PeerCredentials peer, UdsRpcServer server) {
		this.id = id;
		this.channel = channel;
		this.peer = peer;
		this.server = server;
		this.framer = new LineFramer(server.options().maxMessageSize());
		this.maxInFlight = server.requestShare();
		this.deferToEndOfLines = server.startsQueuedTasksPromptly();
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
		return this.server.sendEvent(this, type, data);
	}

	@Override
	public void close() {
		closeWhenFlushed();
	}

	@Override
	public String toString() {
		return "connection " + this.id + " (pid " + this.peer.pid() + ", uid " + this.peer.uid() + ")";
	}

	void markJsonRpc2() {
		if (this.dialect != Dialect.JSON_RPC_2) {
			this.dialect = Dialect.JSON_RPC_2;
		}
	}

	void markGo() {
		if (!this.spokeGo) {
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

	int inFlight() {
		return this.inFlight.get();
	}

	InputLimits.Account inputAccount() {
		return this.inputAccount;
	}

	/**
	 * Return whether the server stopped reading the connection until its requests in
	 * flight complete.
	 * @return whether reading is paused
	 */
	boolean isReadPaused() {
		return this.readPaused;
	}

	@Nullable Object context(Class<?> type) {
		if (type == UdsRpcConnection.class) {
			return this;
		}
		if (type == PeerCredentials.class) {
			return this.peer;
		}
		if (type == UdsRpcServer.class) {
			return this.server;
		}
		return null;
	}

	/**
	 * Register a reply this connection is owed.
	 * @param abandoned the message to send if the reply is abandoned at shutdown
	 * @return the pending reply
	 */
	PendingReply expectReply(Supplier<byte @Nullable []> abandoned) {
		PendingReply reply = new PendingReply(abandoned);
		this.pendingReplies.add(reply);
		return reply;
	}

	/**
	 * Send a reply unless it was sent or abandoned already.
	 * @param reply the pending reply
	 * @param message the reply, or {@code null} for none
	 */
	void reply(PendingReply reply, byte @Nullable [] message) {
		reply(reply, message, false);
	}

	/**
	 * Send a reply unless it was sent or abandoned already.
	 * @param reply the pending reply
	 * @param message the reply, or {@code null} for none
	 * @param inline whether the worker that took the request produced it, and so will
	 * call {@link #flushDeferred()} when it has no line left
	 */
	void reply(PendingReply reply, byte @Nullable [] message, boolean inline) {
		if (reply.settle() && message != null) {
			send(message, (inline && this.deferToEndOfLines) ? Deferral.TO_END_OF_LINES : Deferral.WHILE_WAITING);
		}
		this.pendingReplies.remove(reply);
	}

	/**
	 * Answer every reply still owed with its error.
	 */
	void abandonPendingReplies() {
		for (PendingReply reply : this.pendingReplies) {
			byte[] message = reply.settle() ? reply.abandonedMessage() : null;
			if (message != null) {
				send(message);
			}
			this.pendingReplies.remove(reply);
		}
	}

	// ---- event loop side

	void registered(SelectionKey key) {
		this.key = key;
	}

	/**
	 * Read what is available. Runs on the event loop.
	 * @param buffer the loop's read buffer
	 * @param now the time of the read ({@link System#nanoTime()})
	 */
	void onReadable(ByteBuffer buffer, long now) {
		if (this.inputClosed) {
			// refused while the key was selected
			return;
		}
		buffer.clear();
		int read;
		try {
			read = this.channel.read(buffer);
		}
		catch (IOException ex) {
			closeNow();
			return;
		}
		if (read < 0) {
			onInputClosed();
			return;
		}
		int before = this.framer.buffered();
		boolean fits = read == 0 || this.framer.feed(buffer.array(), buffer.arrayOffset(), read, this::onLine);
		dispatchBatch();
		if (!fits) {
			onOversizedMessage();
			return;
		}
		int after = this.framer.buffered();
		this.server.inputLimits()
			.afterRead(this, now, before, read, after, ((after > 0) ? this.framer.capacity() : 0) + this.backlogBytes);
	}

	/**
	 * Start reading, once the connection listeners have seen the connection. Runs on the
	 * event loop.
	 */
	void startReading() {
		if (isOpen() && !this.inputClosed && !this.readPaused) {
			setInterest(SelectionKey.OP_READ, true);
		}
	}

	/**
	 * Continue a flush the socket had no room for. Runs on the event loop.
	 */
	void onWritable() {
		setInterest(SelectionKey.OP_WRITE, false);
		synchronized (this.queue) {
			this.waitingForWritable = false;
			if (this.flushing) {
				return;
			}
			this.flushing = true;
		}
		flush();
	}

	private void onLine(byte[] line) {
		if (this.closed.get() || this.inputClosed) {
			return;
		}
		if (!this.backlog.isEmpty() || !mayDispatch(line)) {
			this.backlog.addLast(line);
			this.backlogBytes += line.length;
			pauseReading();
			return;
		}
		dispatch(line);
	}

	private boolean mayDispatch(byte[] line) {
		int count = this.inFlight.get();
		if (count == 0) {
			return true;
		}
		return count < this.maxInFlight
				&& this.inFlightBytes.get() + line.length <= this.server.options().maxMessageSize();
	}

	private void dispatch(byte[] line) {
		this.inFlight.incrementAndGet();
		this.waitingToStart.incrementAndGet();
		this.inFlightBytes.addAndGet(line.length);
		this.server.requestStarted();
		this.batch.add(line);
	}

	private void dispatchBatch() {
		if (this.batch.isEmpty()) {
			return;
		}
		byte[][] lines = this.batch.toArray(new byte[0][]);
		this.batch.clear();
		this.server.dispatch(this, lines);
	}

	/**
	 * Dispatch backlogged lines the limits allow, and read again once the backlog is
	 * empty. Runs on the event loop.
	 */
	private void resume() {
		this.resumeScheduled.set(false);
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			while (!this.backlog.isEmpty() && isOpen() && !this.inputClosed && mayDispatch(this.backlog.peekFirst())) {
				byte[] line = this.backlog.pollFirst();
				this.backlogBytes -= line.length;
				dispatch(line);
			}
		}
		finally {
			this.draining = false;
			dispatchBatch();
		}
		if (!isOpen() || this.inputClosed) {
			this.backlog.clear();
			this.backlogBytes = 0;
			return;
		}
		this.server.inputLimits()
			.charge(this, ((this.framer.buffered() > 0) ? this.framer.capacity() : 0) + this.backlogBytes);
		if (this.inputClosed) {
			// closed by the budget
			return;
		}
		if (this.backlog.isEmpty() && this.readPaused && this.inFlight.get() < this.maxInFlight) {
			this.readPaused = false;
			this.server.inputLimits().resumed(this, System.nanoTime());
			setInterest(SelectionKey.OP_READ, true);
		}
	}

	private void scheduleResume() {
		if (this.resumeScheduled.compareAndSet(false, true)) {
			this.server.onEventLoopLater(this::resume);
		}
	}

	private void onOversizedMessage() {
		logger.log(Level.WARNING, () -> "Closing " + this + ": a message exceeds the maximum size of "
				+ this.server.options().maxMessageSize() + " bytes");
		this.server.inputLimits().release(this);
		refuseInput(ErrorCodes.INVALID_REQUEST, "invalid request: message exceeds the maximum size of "
				+ this.server.options().maxMessageSize() + " bytes");
	}

	/**
	 * Stop reading, drop the input held, answer with an error and close once it is
	 * written. Runs on the event loop.
	 * @param code the error code
	 * @param message the error message
	 */
	void refuseInput(int code, String message) {
		this.inputClosed = true;
		setInterest(SelectionKey.OP_READ, false);
		this.framer.discard();
		this.backlog.clear();
		this.backlogBytes = 0;
		send(MessageEncoder.error(errorDialect(), RpcId.NULL, code, message));
		closeWhenFlushed();
	}

	private void onInputClosed() {
		this.inputClosed = true;
		this.server.inputLimits().release(this);
		setInterest(SelectionKey.OP_READ, false);
		if (this.inFlight.get() == 0) {
			closeWhenFlushed();
		}
	}

	private void pauseReading() {
		if (this.readPaused) {
			return;
		}
		this.readPaused = true;
		setInterest(SelectionKey.OP_READ, false);
		// a request may have completed before it could see the pause
		if (this.inFlight.get() < this.maxInFlight) {
			scheduleResume();
		}
	}

	private void setInterest(int op, boolean on) {
		SelectionKey current = this.key;
		if (current == null || !current.isValid()) {
			return;
		}
		try {
			int ops = current.interestOps();
			current.interestOps(on ? ops | op : ops & ~op);
		}
		catch (CancelledKeyException ex) {
			// closed concurrently
		}
	}

	// ---- worker side

	/**
	 * Return whether replies wait to be written.
	 * @return whether replies are deferred
	 */
	boolean hasDeferred() {
		return this.deferred;
	}

	/**
	 * Write the deferred replies, unless another thread is writing.
	 */
	void flushDeferred() {
		synchronized (this.queue) {
			if (!this.deferred || this.flushing || this.waitingForWritable || this.closed.get()) {
				return;
			}
			this.deferred = false;
			this.flushing = true;
		}
		flush();
	}

	/**
	 * Called once per dispatched line as a worker starts it (or as it is refused). With
	 * an executor of the application's, the start of the last waiting request writes the
	 * replies deferred for it, before its handler runs.
	 */
	void requestStarted() {
		if (this.waitingToStart.decrementAndGet() == 0 && !this.deferToEndOfLines) {
			flushDeferred();
		}
	}

	/**
	 * Called once per line when its response (if any) was queued.
	 * @param line the line, as dispatched
	 */
	void requestDone(byte[] line) {
		this.inFlightBytes.addAndGet(-line.length);
		int remaining = this.inFlight.decrementAndGet();
		this.server.requestFinished();
		afterRelease(remaining);
	}

	/**
	 * Take up to the given number of further shares of the requests in flight, for the
	 * requests of a batch beyond the one its line holds.
	 * @param wanted the number wanted
	 * @return the number taken, possibly 0
	 */
	int takeShares(int wanted) {
		while (wanted > 0) {
			int count = this.inFlight.get();
			int taken = Math.min(wanted, this.maxInFlight - count);
			if (taken <= 0) {
				return 0;
			}
			if (this.inFlight.compareAndSet(count, count + taken)) {
				return taken;
			}
		}
		return 0;
	}

	/**
	 * Give back shares taken with {@link #takeShares(int)}.
	 * @param shares the number of shares
	 */
	void releaseShares(int shares) {
		afterRelease(this.inFlight.addAndGet(-shares));
	}

	private void afterRelease(int remaining) {
		if (this.readPaused) {
			scheduleResume();
		}
		else if (remaining == 0 && this.inputClosed) {
			closeWhenFlushed();
		}
	}

	/**
	 * Queue a complete message (with its line terminator) and write what the socket
	 * takes. Never blocks.
	 * @param message the message
	 * @return {@code false} if the connection is closed
	 */
	boolean send(byte[] message) {
		return send(message, Deferral.NONE);
	}

	/**
	 * Queue a complete message and write what the socket takes, or, for a reply that may
	 * be deferred, leave it for a later write. The limit of queued bytes applies either
	 * way.
	 * @param message the message
	 * @param deferral whether and until when the write may be deferred
	 * @return {@code false} if the connection is closed
	 */
	private boolean send(byte[] message, Deferral deferral) {
		boolean overflow = false;
		synchronized (this.queue) {
			if (this.closed.get()) {
				return false;
			}
			long limit = this.server.options().maxQueuedBytes();
			if (this.queue.isEmpty() || this.queuedBytes + message.length <= limit) {
				this.queue.addLast(message);
				this.queuedBytes += message.length;
				if (this.flushing || this.waitingForWritable) {
					return true;
				}
				// read under the lock: requestStarted() flushes after its count reaches 0
				if (deferral == Deferral.WHILE_WAITING && this.waitingToStart.get() > 0 && mayDefer()) {
					return true;
				}
				if (deferral == Deferral.TO_END_OF_LINES && mayDefer()) {
					return true;
				}
				this.deferred = false;
				this.flushing = true;
			}
			else {
				overflow = true;
			}
		}
		if (overflow) {
			if (closeNow()) {
				logger.log(Level.WARNING, () -> "Closed " + this + ": it does not read, and more than "
						+ this.server.options().maxQueuedBytes() + " bytes are queued for it");
			}
			return false;
		}
		flush();
		return true;
	}

	private boolean mayDefer() {
		long now = System.nanoTime();
		if (!this.deferred) {
			this.deferred = true;
			this.deferredSince = now;
			return true;
		}
		return this.queuedBytes < WRITE_CHUNK && now - this.deferredSince < MAX_DEFER_NANOS;
	}

	/**
	 * Write queued messages until the queue is empty or the socket is full. The caller
	 * has set {@code flushing}.
	 */
	private void flush() {
		ByteBuffer buffer = writeBuffers.get();
		while (true) {
			byte[] large = null;
			int largeOffset = 0;
			synchronized (this.queue) {
				if (this.queue.isEmpty() || this.closed.get()) {
					this.flushing = false;
					if (this.closeWhenFlushed) {
						break;
					}
					return;
				}
				this.deferred = false;
				buffer.clear();
				byte[] head = this.queue.peekFirst();
				if (head.length - this.headOffset > WRITE_CHUNK) {
					large = head;
					largeOffset = this.headOffset;
				}
				else {
					int offset = this.headOffset;
					for (byte[] message : this.queue) {
						int length = message.length - offset;
						if (length > buffer.remaining()) {
							break;
						}
						buffer.put(message, offset, length);
						offset = 0;
					}
					buffer.flip();
				}
			}
			int written;
			try {
				if (large != null) {
					written = this.channel.write(ByteBuffer.wrap(large, largeOffset, large.length - largeOffset));
				}
				else {
					written = this.channel.write(buffer);
				}
			}
			catch (IOException ex) {
				synchronized (this.queue) {
					this.flushing = false;
				}
				closeNow();
				return;
			}
			synchronized (this.queue) {
				if (this.closed.get()) {
					// closed while writing: the queue is gone
					this.flushing = false;
					return;
				}
				consume(written);
				if (!this.queue.isEmpty() && (written == 0 || (large == null && buffer.hasRemaining()))) {
					this.flushing = false;
					this.waitingForWritable = true;
					this.server.onEventLoop(() -> setInterest(SelectionKey.OP_WRITE, true));
					return;
				}
			}
		}
		closeNow();
	}

	private void consume(int written) {
		int remaining = written;
		this.queuedBytes -= written;
		while (remaining > 0) {
			byte[] head = this.queue.peekFirst();
			int length = head.length - this.headOffset;
			if (remaining >= length) {
				this.queue.pollFirst();
				this.headOffset = 0;
				remaining -= length;
			}
			else {
				this.headOffset += remaining;
				remaining = 0;
			}
		}
	}

	/**
	 * Close once everything queued is written.
	 */
	void closeWhenFlushed() {
		boolean flushFirst = false;
		synchronized (this.queue) {
			if (this.closed.get()) {
				return;
			}
			this.closeWhenFlushed = true;
			if (this.flushing || this.waitingForWritable) {
				return;
			}
			if (!this.queue.isEmpty()) {
				// deferred replies: write them, then close
				this.deferred = false;
				this.flushing = true;
				flushFirst = true;
			}
		}
		if (flushFirst) {
			flush();
		}
		else {
			closeNow();
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
		synchronized (this.queue) {
			this.queue.clear();
			this.queuedBytes = 0;
		}
		SelectionKey current = this.key;
		if (current != null) {
			current.cancel();
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// nothing left to do
		}
		this.server.connectionClosed(this);
		return true;
	}

	/**
	 * Whether a message may wait for a later write.
	 */
	private enum Deferral {

		/**
		 * Write at once.
		 */
		NONE,

		/**
		 * Wait while more requests of the connection wait to start.
		 */
		WHILE_WAITING,

		/**
		 * Wait until the worker that produced the reply has no line left (it then calls
		 * {@link ServerConnection#flushDeferred()}).
		 */
		TO_END_OF_LINES

	}

}
