package dev.udsrpc.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OutboundQueue}.
 */
class OutboundQueueTests {

	private final FakeChannel channel = new FakeChannel();

	private final RecordingHost host = new RecordingHost();

	private final OutboundQueue queue = new OutboundQueue(this.channel, 16, this.host);

	@Test
	void writesAMessageAtOnce() {
		assertThat(this.queue.send(bytes("a\n"), false)).isTrue();
		assertThat(this.channel.writes).containsExactly("a\n");
	}

	@Test
	void writesAHeldMessageWithTheNextOne() {
		this.queue.send(bytes("a\n"), true);
		assertThat(this.channel.writes).isEmpty();
		assertThat(this.queue.isHolding()).isTrue();
		this.queue.send(bytes("b\n"), false);
		assertThat(this.channel.writes).containsExactly("a\nb\n");
		assertThat(this.queue.isHolding()).isFalse();
	}

	@Test
	void writesTheHeldMessagesWhenFlushed() {
		this.queue.send(bytes("a\n"), true);
		this.queue.flushHeld();
		assertThat(this.channel.writes).containsExactly("a\n");
	}

	@Test
	void waitsUntilWritableWhenTheSocketIsFullAndKeepsTheOrder() {
		this.channel.room = 3;
		this.queue.send(bytes("abcd\n"), false);
		assertThat(this.host.writeBlocked).isEqualTo(1);
		this.queue.send(bytes("e\n"), false);
		assertThat(this.channel.writes).containsExactly("abc");
		this.channel.room = Integer.MAX_VALUE;
		this.queue.onWritable();
		assertThat(String.join("", this.channel.writes)).isEqualTo("abcd\ne\n");
	}

	@Test
	void closesAConnectionThatDoesNotReadOnceItsQueueWouldExceedTheLimit() {
		this.channel.room = 0;
		assertThat(this.queue.send(bytes("0123456789\n"), false)).isTrue();
		assertThat(this.queue.send(bytes("0123456789\n"), false)).isFalse();
		assertThat(this.host.overflowed).isEqualTo(16);
		assertThat(this.queue.send(bytes("a\n"), false)).isFalse();
	}

	@Test
	void closesOnceEverythingQueuedIsWritten() {
		this.channel.room = 1;
		this.queue.send(bytes("ab\n"), false);
		this.queue.closeWhenFlushed();
		assertThat(this.host.closing).isZero();
		this.channel.room = Integer.MAX_VALUE;
		this.queue.onWritable();
		assertThat(this.host.closing).isEqualTo(1);
		assertThat(this.queue.send(bytes("c\n"), false)).isFalse();
	}

	@Test
	void writesAMessageLargerThanOneChunkFromItsOwnArray() {
		OutboundQueue large = new OutboundQueue(this.channel, Long.MAX_VALUE, this.host);
		byte[] message = new byte[OutboundQueue.WRITE_CHUNK * 2];
		large.send(message, false);
		assertThat(this.channel.written).isEqualTo(message.length);
	}

	@Test
	void reportsAFailedWrite() {
		this.channel.fail = true;
		this.queue.send(bytes("a\n"), false);
		assertThat(this.host.failed).isEqualTo(1);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A channel that takes a given number of bytes at most.
	 */
	static final class FakeChannel implements WritableByteChannel {

		final List<String> writes = new ArrayList<>();

		int room = Integer.MAX_VALUE;

		long written;

		boolean fail;

		@Override
		public int write(ByteBuffer source) throws IOException {
			if (this.fail) {
				throw new IOException("broken pipe");
			}
			int length = Math.min(this.room, source.remaining());
			byte[] bytes = new byte[length];
			source.get(bytes);
			this.room -= length;
			this.written += length;
			if (length > 0) {
				this.writes.add(new String(bytes, StandardCharsets.UTF_8));
			}
			return length;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close() {
		}

	}

	/**
	 * A host that records what the queue tells it.
	 */
	static final class RecordingHost implements OutboundQueue.Host {

		int writeBlocked;

		int closing;

		long overflowed;

		int failed;

		@Override
		public void writeBlocked() {
			this.writeBlocked++;
		}

		@Override
		public void flushedAndClosing() {
			this.closing++;
		}

		@Override
		public void overflowed(long limit) {
			this.overflowed = limit;
		}

		@Override
		public void failed(IOException failure) {
			this.failed++;
		}

	}

}
