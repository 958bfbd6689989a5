package dev.udsrpc.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InboundFlow}.
 */
class InboundFlowTests {

	private final RecordingHost host = new RecordingHost();

	private final InboundFlow flow = new InboundFlow(2, 100, this.host);

	@Test
	void handsTheLinesOfOneReadToTheWorkersTogether() {
		InboundFlow roomy = new InboundFlow(8, 100, this.host);
		roomy.accept(line("a"));
		roomy.accept(line("b"));
		roomy.endOfRead();
		assertThat(this.host.dispatched).containsExactly(List.of("a", "b"));
		assertThat(roomy.linesWaiting()).isTrue();
		assertThat(roomy.started()).isFalse();
		assertThat(roomy.started()).as("the last one started").isTrue();
	}

	@Test
	void keepsTheLinesBeyondTheLimitInTheBacklogAndStopsReading() {
		this.flow.accept(line("a"));
		this.flow.accept(line("b"));
		this.flow.accept(line("c"));
		this.flow.endOfRead();
		assertThat(this.host.dispatched).containsExactly(List.of("a", "b"));
		assertThat(this.flow.isPaused()).isTrue();
		assertThat(this.host.interest).containsExactly(false);
		assertThat(this.flow.backlogBytes()).isEqualTo(1);
	}

	@Test
	void dispatchesTheBacklogAsRequestsCompleteAndReadsAgainOnceItIsEmpty() {
		this.flow.accept(line("a"));
		this.flow.accept(line("b"));
		this.flow.accept(line("c"));
		this.flow.endOfRead();
		this.flow.done(line("a"));
		this.host.runLater();
		assertThat(this.host.dispatched).containsExactly(List.of("a", "b"), List.of("c"));
		assertThat(this.flow.isPaused()).as("two in flight again").isTrue();
		this.flow.done(line("b"));
		this.host.runLater();
		assertThat(this.flow.isPaused()).isFalse();
		assertThat(this.host.interest).containsExactly(false, true);
		assertThat(this.host.resumed).isEqualTo(1);
	}

	@Test
	void dispatchesALineAloneWhateverItsSizeButNoMoreBytesThanAllowedBesideIt() {
		this.flow.accept(new byte[150]);
		this.flow.accept(line("b"));
		this.flow.endOfRead();
		assertThat(this.host.dispatched).hasSize(1);
		assertThat(this.host.dispatched.get(0)).hasSize(1);
		assertThat(this.flow.isPaused()).isTrue();
	}

	@Test
	void closesAfterTheEndOfInputOnceNoRequestIsInFlight() {
		this.flow.accept(line("a"));
		this.flow.endOfRead();
		this.flow.endOfInput();
		assertThat(this.host.inputDone).isZero();
		this.flow.done(line("a"));
		assertThat(this.host.inputDone).isEqualTo(1);
	}

	@Test
	void takesNoMoreLinesOnceRefused() {
		this.flow.accept(line("a"));
		this.flow.refuse();
		this.flow.accept(line("b"));
		this.flow.endOfRead();
		assertThat(this.host.dispatched).containsExactly(List.of("a"));
	}

	@Test
	void givesABatchTheSharesTheConnectionHasLeft() {
		this.flow.accept(line("a"));
		this.flow.endOfRead();
		assertThat(this.flow.takeShares(5)).isEqualTo(1);
		assertThat(this.flow.takeShares(1)).isZero();
		this.flow.releaseShares(1);
		assertThat(this.flow.inFlight()).isEqualTo(1);
	}

	private static byte[] line(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A host that records what the flow asks of it.
	 */
	static final class RecordingHost implements InboundFlow.Host {

		final List<List<String>> dispatched = new ArrayList<>();

		final List<Boolean> interest = new ArrayList<>();

		final Queue<Runnable> later = new ArrayDeque<>();

		int resumed;

		int inputDone;

		@Override
		public void dispatch(byte[][] lines) {
			this.dispatched.add(Arrays.stream(lines).map((line) -> new String(line, StandardCharsets.UTF_8)).toList());
		}

		@Override
		public void readInterest(boolean on) {
			this.interest.add(on);
		}

		@Override
		public void later(Runnable task) {
			this.later.add(task);
		}

		@Override
		public boolean charge(long backlogBytes) {
			return true;
		}

		@Override
		public void readingResumed() {
			this.resumed++;
		}

		@Override
		public void inputDone() {
			this.inputDone++;
		}

		void runLater() {
			Runnable task;
			while ((task = this.later.poll()) != null) {
				task.run();
			}
		}

	}

}
