package dev.udsrpc.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * The messages queued for one connection, written without blocking by whichever thread
 * queued them: a thread that finds another one writing leaves its message to that one, so
 * that messages queued meanwhile leave in one write. When the socket has no room, the
 * rest waits until the event loop sees it writable. A connection whose queue would exceed
 * its limit is closed.
 * <p>
 * A message may also be held for a later write ({@link ReplyCoalescing}), at most
 * {@value #MAX_HOLD_MICROS} µs and {@value #WRITE_CHUNK} bytes: whoever writes next
 * writes it too, or {@link #flushHeld()}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class OutboundQueue {

	static final int WRITE_CHUNK = 64 * 1024;

	static final long MAX_HOLD_MICROS = 100;

	private static final long MAX_HOLD_NANOS = MAX_HOLD_MICROS * 1000;

	private static final ThreadLocal<ByteBuffer> writeBuffers = ThreadLocal
		.withInitial(() -> ByteBuffer.allocateDirect(WRITE_CHUNK));

	private final WritableByteChannel channel;

	private final long maxQueuedBytes;

	private final Host host;

	// guarded by this
	private final ArrayDeque<byte[]> queue = new ArrayDeque<>();

	private int headOffset;

	private long queuedBytes;

	private boolean writing;

	private boolean waitingForWritable;

	private boolean closeWhenFlushed;

	private boolean closed;

	private long heldSince;

	// whether messages are held for a later write; read without the lock as a hint
	private volatile boolean held;

	OutboundQueue(WritableByteChannel channel, long maxQueuedBytes, Host host) {
		this.channel = channel;
		this.maxQueuedBytes = maxQueuedBytes;
		this.host = host;
	}

	/**
	 * Queue a complete message (with its line terminator) and write what the socket
	 * takes, or hold it for a later write if allowed. Never blocks.
	 * @param message the message
	 * @param mayHold whether the message may wait for a later write
	 * @return {@code false} if the connection is closed, or was closed because its queue
	 * is full
	 */
	boolean send(byte[] message, boolean mayHold) {
		boolean overflow = false;
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			if (!this.queue.isEmpty() && this.queuedBytes + message.length > this.maxQueuedBytes) {
				overflow = true;
				this.closed = true;
				this.queue.clear();
				this.queuedBytes = 0;
			}
			else {
				this.queue.addLast(message);
				this.queuedBytes += message.length;
				if (this.writing || this.waitingForWritable || (mayHold && hold())) {
					return true;
				}
				this.held = false;
				this.writing = true;
			}
		}
		if (overflow) {
			this.host.overflowed(this.maxQueuedBytes);
			return false;
		}
		write();
		return true;
	}

	private boolean hold() {
		long now = System.nanoTime();
		if (!this.held) {
			this.held = true;
			this.heldSince = now;
			return true;
		}
		return this.queuedBytes < WRITE_CHUNK && now - this.heldSince < MAX_HOLD_NANOS;
	}

	/**
	 * Return whether messages are held for a later write.
	 * @return whether messages are held
	 */
	boolean isHolding() {
		return this.held;
	}

	/**
	 * Write the held messages, unless another thread writes.
	 */
	void flushHeld() {
		synchronized (this) {
			if (!this.held || this.writing || this.waitingForWritable || this.closed) {
				return;
			}
			this.held = false;
			this.writing = true;
		}
		write();
	}

	/**
	 * Continue a write the socket had no room for. Called by the event loop.
	 */
	void onWritable() {
		synchronized (this) {
			this.waitingForWritable = false;
			if (this.writing) {
				return;
			}
			this.writing = true;
		}
		write();
	}

	/**
	 * Close once everything queued is written.
	 */
	void closeWhenFlushed() {
		boolean closeNow;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closeWhenFlushed = true;
			if (this.writing || this.waitingForWritable) {
				return;
			}
			closeNow = this.queue.isEmpty();
			if (closeNow) {
				this.closed = true;
			}
			else {
				this.held = false;
				this.writing = true;
			}
		}
		if (closeNow) {
			this.host.flushedAndClosing();
		}
		else {
			write();
		}
	}

	/**
	 * Drop everything queued; nothing is written from now on.
	 */
	synchronized void close() {
		this.closed = true;
		this.queue.clear();
		this.queuedBytes = 0;
	}

	synchronized long queuedBytes() {
		return this.queuedBytes;
	}

	/**
	 * Write queued messages until the queue is empty or the socket is full. The caller
	 * has set {@code writing}.
	 */
	private void write() {
		ByteBuffer buffer = writeBuffers.get();
		while (true) {
			ByteBuffer out;
			synchronized (this) {
				if (this.queue.isEmpty() || this.closed) {
					this.writing = false;
					if (!this.closed && this.closeWhenFlushed) {
						this.closed = true;
						break;
					}
					return;
				}
				this.held = false;
				out = gather(buffer);
			}
			int written;
			try {
				written = this.channel.write(out);
			}
			catch (IOException ex) {
				synchronized (this) {
					this.writing = false;
				}
				this.host.failed(ex);
				return;
			}
			synchronized (this) {
				if (this.closed) {
					// closed while writing: the queue is gone
					this.writing = false;
					return;
				}
				consume(written);
				if (!this.queue.isEmpty() && out.hasRemaining()) {
					this.writing = false;
					this.waitingForWritable = true;
				}
			}
			if (!out.hasRemaining()) {
				continue;
			}
			this.host.writeBlocked();
			return;
		}
		this.host.flushedAndClosing();
	}

	/**
	 * Put the head of the queue into the buffer, or wrap it if it is too large.
	 */
	private ByteBuffer gather(ByteBuffer buffer) {
		byte[] head = this.queue.peekFirst();
		if (head.length - this.headOffset > WRITE_CHUNK) {
			return ByteBuffer.wrap(head, this.headOffset, head.length - this.headOffset);
		}
		buffer.clear();
		int offset = this.headOffset;
		for (byte[] message : this.queue) {
			int length = message.length - offset;
			if (length > buffer.remaining()) {
				break;
			}
			buffer.put(message, offset, length);
			offset = 0;
		}
		return buffer.flip();
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
	 * What the queue tells its connection.
	 */
	interface Host {

		/**
		 * The socket has no room: ask the event loop to call {@link #onWritable()} once
		 * it has.
		 */
		void writeBlocked();

		/**
		 * Everything was written after {@link #closeWhenFlushed()}: close the connection.
		 */
		void flushedAndClosing();

		/**
		 * A message would have exceeded the limit: close the connection.
		 * @param limit the limit in bytes
		 */
		void overflowed(long limit);

		/**
		 * A write failed: close the connection.
		 * @param failure the failure
		 */
		void failed(IOException failure);

	}

}
