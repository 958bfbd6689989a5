package dev.udsrpc.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import dev.udsrpc.protocol.RpcId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PendingCalls}.
 */
class PendingCallsTests {

	private static final JavaType STRING = JsonMapper.builder().build().constructType(String.class);

	private final PendingCalls calls = new PendingCalls(Duration.ofMinutes(2));

	@Test
	void givesEachCallTheNextIdAndFindsItByThatId() {
		PendingCalls.Call first = this.calls.start("A", STRING);
		PendingCalls.Call second = this.calls.start("B", STRING);
		assertThat(first.id()).isEqualTo(RpcId.of(1));
		assertThat(second.id()).isEqualTo(RpcId.of(2));
		assertThat(this.calls.size()).isEqualTo(2);
		assertThat(this.calls.remove(RpcId.of(2))).isSameAs(second);
		assertThat(this.calls.remove(RpcId.of(2))).isNull();
		assertThat(this.calls.size()).isOne();
	}

	@Test
	void aCallThatCompletesIsNoLongerPending() {
		PendingCalls.Call call = this.calls.start("A", STRING);
		call.complete("done");
		assertThat(call.future()).isCompletedWithValue("done");
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void aCallTimesOutAndIsNoLongerPending() {
		PendingCalls shortCalls = new PendingCalls(Duration.ofMillis(50));
		PendingCalls.Call call = shortCalls.start("Slow", STRING);
		assertThat(call.future()).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.withCauseInstanceOf(TimeoutException.class);
		assertThat(shortCalls.size()).isZero();
		assertThatExceptionOfType(UdsRpcTimeoutException.class)
			.isThrownBy(() -> shortCalls.await("Slow", call.future()))
			.withMessage("No answer to 'Slow' within 50 ms");
	}

	@Test
	void failAllFailsTheCallsPendingButNotTheNextOnes() {
		PendingCalls.Call before = this.calls.start("A", STRING);
		UncheckedIOException lost = new UncheckedIOException(new IOException("lost"));
		this.calls.failAll(lost);
		assertThat(before.future()).isCompletedExceptionally();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> this.calls.await("A", before.future()))
			.isSameAs(lost);
		assertThat(this.calls.start("B", STRING).future()).isNotDone();
	}

	@Test
	void closeFailsThePendingCallsAndEveryLaterOneWithTheFirstReason() {
		PendingCalls.Call before = this.calls.start("A", STRING);
		IllegalStateException failed = new IllegalStateException("reader failed");
		this.calls.close(failed);
		this.calls.close(new IllegalStateException("closed later"));
		CompletableFuture<Object> after = this.calls.start("B", STRING).future();
		assertThatIllegalStateException().isThrownBy(() -> this.calls.await("A", before.future())).isSameAs(failed);
		assertThatIllegalStateException().isThrownBy(() -> this.calls.await("B", after)).isSameAs(failed);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void failsACallWithTheCauseOfACompletionException() {
		PendingCalls.Call call = this.calls.start("A", STRING);
		IllegalStateException cause = new IllegalStateException("cause");
		call.fail(new java.util.concurrent.CompletionException(cause));
		assertThatIllegalStateException().isThrownBy(() -> this.calls.await("A", call.future())).isSameAs(cause);
	}

	@Test
	void awaitingAnInterruptedThreadKeepsItInterrupted() {
		PendingCalls.Call call = this.calls.start("A", STRING);
		Thread.currentThread().interrupt();
		try {
			assertThatIllegalStateException().isThrownBy(() -> this.calls.await("A", call.future()))
				.withMessage("Interrupted while calling 'A'");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

}
