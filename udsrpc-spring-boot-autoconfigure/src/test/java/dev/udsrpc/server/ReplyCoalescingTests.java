package dev.udsrpc.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplyCoalescing}.
 */
class ReplyCoalescingTests {

	@Test
	void untilLinesDoneHoldsTheRepliesOfTheTakingWorkerAndThoseWhileLinesWait() {
		ReplyCoalescing coalescing = ReplyCoalescing.UNTIL_LINES_DONE;
		assertThat(coalescing.mayHold(true, false)).isTrue();
		assertThat(coalescing.mayHold(false, true)).isTrue();
		assertThat(coalescing.mayHold(false, false)).as("a completion elsewhere, nothing waits").isFalse();
		assertThat(coalescing.flushesOnLastStart()).isFalse();
	}

	@Test
	void whileLinesWaitHoldsOnlyWhileLinesWaitAndTheLastStartWrites() {
		ReplyCoalescing coalescing = ReplyCoalescing.WHILE_LINES_WAIT;
		assertThat(coalescing.mayHold(true, true)).isTrue();
		assertThat(coalescing.mayHold(true, false)).isFalse();
		assertThat(coalescing.flushesOnLastStart()).isTrue();
	}

	@Test
	void anExecutorThatMayLeaveATaskWaitingGetsWhileLinesWait() {
		assertThat(ReplyCoalescing.forExecutor(true)).isEqualTo(ReplyCoalescing.UNTIL_LINES_DONE);
		assertThat(ReplyCoalescing.forExecutor(false)).isEqualTo(ReplyCoalescing.WHILE_LINES_WAIT);
	}

}
