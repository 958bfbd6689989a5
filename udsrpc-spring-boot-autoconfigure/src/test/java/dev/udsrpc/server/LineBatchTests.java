package dev.udsrpc.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LineBatch}, run by hand with a queue standing in for the executor.
 */
class LineBatchTests {

	private final Queue<Runnable> queued = new ArrayDeque<>();

	private final Executor executor = this.queued::add;

	private final RecordingConnection connection = new RecordingConnection();

	private final List<String> processed = new ArrayList<>();

	@Test
	void aWorkerTakesTheLinesInOrderAndWritesTheHeldRepliesWhenNoneIsLeft() {
		batch("a", "b", "c").run();
		assertThat(this.processed).containsExactly("a", "b", "c");
		assertThat(this.connection.flushes).isEqualTo(1);
	}

	@Test
	void beforeAHandlerWhileLinesRemainItQueuesOneHelperForThem() {
		batch("a", "b", "c").run();
		assertThat(this.queued).as("one helper, not one per line").hasSize(1);
	}

	@Test
	void aHelperTakesTheLinesLeftByAWorkerStuckInAHandler() {
		LineBatch<RecordingConnection> batch = batch((line) -> {
			if (line.equals("a")) {
				// while this worker is in the handler of "a", a free one runs the helper
				this.queued.poll().run();
			}
		}, "a", "b", "c");
		batch.run();
		assertThat(this.processed).containsExactly("a", "b", "c");
		assertThat(this.connection.flushes).as("by the helper and by the first worker").isEqualTo(2);
	}

	@Test
	void aSingleLineWithNoReplyHeldQueuesNoHelper() {
		batch("a").run();
		assertThat(this.queued).isEmpty();
	}

	@Test
	void aSingleLineQueuesAHelperWhenRepliesAreHeld() {
		this.connection.holding = true;
		batch("a").run();
		assertThat(this.queued).hasSize(1);
	}

	@Test
	void theLinesNoWorkerTookAreAnsweredWithAnErrorWhenRefused() {
		batch("a", "b").refuse();
		assertThat(this.processed).isEmpty();
		assertThat(this.connection.sent).hasSize(2).allMatch((message) -> message.contains("-32000"));
		assertThat(this.connection.done).containsExactly("a", "b");
	}

	private LineBatch<RecordingConnection> batch(String... lines) {
		return batch((line) -> {
		}, lines);
	}

	private LineBatch<RecordingConnection> batch(java.util.function.Consumer<String> during, String... lines) {
		byte[][] bytes = new byte[lines.length][];
		for (int i = 0; i < lines.length; i++) {
			bytes[i] = lines[i].getBytes(StandardCharsets.UTF_8);
		}
		return new LineBatch<>(this.connection, bytes, null, this.executor, (connection, line, decoded) -> {
			String text = new String(line, StandardCharsets.UTF_8);
			this.processed.add(text);
			during.accept(text);
		}, (connection, ex) -> {
			throw new AssertionError(ex);
		});
	}

	/**
	 * A connection that records what a batch does with it.
	 */
	static final class RecordingConnection implements LineBatch.Connection {

		boolean holding;

		int flushes;

		final List<String> sent = new ArrayList<>();

		final List<String> done = new ArrayList<>();

		@Override
		public boolean isHoldingReplies() {
			return this.holding;
		}

		@Override
		public void flushHeldReplies() {
			this.flushes++;
		}

		@Override
		public void requestStarted() {
		}

		@Override
		public void requestDone(byte[] line) {
			this.done.add(new String(line, StandardCharsets.UTF_8));
		}

		@Override
		public boolean send(byte[] message) {
			this.sent.add(new String(message, StandardCharsets.UTF_8));
			return true;
		}

	}

}
