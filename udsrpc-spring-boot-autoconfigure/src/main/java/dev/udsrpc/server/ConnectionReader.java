package dev.udsrpc.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.internal.LineFramer;
import dev.udsrpc.protocol.internal.MessageEncoder;
import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;

/**
 * The event loop's side of a connection: reads what is available into a
 * {@link LineFramer}, hands the complete lines to the connection's {@link InboundFlow},
 * keeps the input limits informed of what it holds, and refuses input beyond them.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ConnectionReader implements InboundFlow.Host {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final ServerConnection connection;

	private final ReadableByteChannel channel;

	private final ServerRuntime runtime;

	private final LineFramer framer;

	private final InboundFlow inbound;

	private final InputLimits.Account inputAccount = new InputLimits.Account();

	private volatile @Nullable SelectionKey key;

	ConnectionReader(ServerConnection connection, ReadableByteChannel channel, ServerRuntime runtime) {
		this.connection = connection;
		this.channel = channel;
		this.runtime = runtime;
		this.framer = new LineFramer(runtime.options().maxMessageSize());
		this.inbound = new InboundFlow(runtime.execution().requestShare(), runtime.options().maxMessageSize(), this);
	}

	InboundFlow inbound() {
		return this.inbound;
	}

	InputLimits.Account inputAccount() {
		return this.inputAccount;
	}

	void registered(SelectionKey key) {
		this.key = key;
	}

	@Nullable SelectionKey key() {
		return this.key;
	}

	/**
	 * Read what is available.
	 * @param buffer the loop's read buffer
	 * @param now the time of the read ({@link System#nanoTime()})
	 */
	void onReadable(ByteBuffer buffer, long now) {
		if (this.inbound.isInputClosed()) {
			// refused while the key was selected
			return;
		}
		buffer.clear();
		int read;
		try {
			read = this.channel.read(buffer);
		}
		catch (IOException ex) {
			this.connection.closeNow();
			return;
		}
		if (read < 0) {
			this.runtime.inputLimits().release(this.connection);
			readInterest(false);
			this.inbound.endOfInput();
			return;
		}
		int before = this.framer.buffered();
		boolean fits = read == 0 || this.framer.feed(buffer.array(), buffer.arrayOffset(), read, this.inbound::accept);
		this.inbound.endOfRead();
		if (!fits) {
			onOversizedMessage();
			return;
		}
		int after = this.framer.buffered();
		this.runtime.inputLimits()
			.afterRead(this.connection, now, before, read, after, heldInput(this.inbound.backlogBytes()));
	}

	private long heldInput(long backlogBytes) {
		return ((this.framer.buffered() > 0) ? this.framer.capacity() : 0) + backlogBytes;
	}

	/**
	 * Start reading, once the connection listeners have seen the connection.
	 */
	void startReading() {
		if (this.connection.isOpen() && !this.inbound.isInputClosed() && !this.inbound.isPaused()) {
			readInterest(true);
		}
	}

	private void onOversizedMessage() {
		int max = this.runtime.options().maxMessageSize();
		logger.log(Level.WARNING,
				() -> "Closing " + this.connection + ": a message exceeds the maximum size of " + max + " bytes");
		this.runtime.inputLimits().release(this.connection);
		refuseInput(ErrorCodes.INVALID_REQUEST,
				"invalid request: message exceeds the maximum size of " + max + " bytes");
	}

	/**
	 * Stop reading, drop the input held, answer with an error and close once it is
	 * written.
	 * @param code the error code
	 * @param message the error message
	 */
	void refuseInput(int code, String message) {
		this.inbound.refuse();
		readInterest(false);
		this.framer.discard();
		this.connection.send(MessageEncoder.error(this.connection.errorDialect(), RpcId.NULL, code, message));
		this.connection.closeWhenFlushed();
	}

	@Override
	public void dispatch(byte[][] lines) {
		for (int i = 0; i < lines.length; i++) {
			this.runtime.drain().requestStarted();
		}
		this.runtime.dispatch(this.connection, lines);
	}

	@Override
	public void readInterest(boolean on) {
		setInterest(SelectionKey.OP_READ, on);
	}

	@Override
	public void later(Runnable task) {
		this.runtime.onEventLoopLater(task);
	}

	@Override
	public boolean charge(long backlogBytes) {
		if (!this.connection.isOpen()) {
			return false;
		}
		this.runtime.inputLimits().charge(this.connection, heldInput(backlogBytes));
		return !this.inbound.isInputClosed();
	}

	@Override
	public void readingResumed() {
		this.runtime.inputLimits().resumed(this.connection, System.nanoTime());
	}

	@Override
	public void inputDone() {
		this.connection.closeWhenFlushed();
	}

	void setInterest(int op, boolean on) {
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

}
