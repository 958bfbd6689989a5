package dev.udsrpc.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ReconnectBackoff}.
 */
class ReconnectBackoffTests {

	@Test
	void doublesTheWaitUpToTheLongest() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
		Duration wait = backoff.initial();
		StringBuilder waits = new StringBuilder();
		for (int i = 0; i < 6; i++) {
			waits.append(wait.toMillis()).append(' ');
			wait = backoff.next(wait);
		}
		assertThat(waits).hasToString("100 200 400 500 500 500 ");
	}

	@Test
	void neverOverflowsWithTheLongestWaitThereIs() {
		Duration longest = Duration.ofMillis(Long.MAX_VALUE);
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(1), longest);
		Duration wait = backoff.initial();
		for (int i = 0; i < 100; i++) {
			wait = backoff.next(wait);
		}
		assertThat(wait).isEqualTo(longest);
		assertThat(backoff.next(longest)).isEqualTo(longest);
	}

	@Test
	void equalInitialAndLongestWaitsAreOneWait() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
		assertThat(backoff.next(backoff.initial())).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void refusesWaitsShorterThanAMillisecondOrOutOfOrder() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofNanos(10), Duration.ofSeconds(1)))
			.withMessageStartingWith("'initial' must be at least 1 ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessage("'max' must not be shorter than 'initial' (PT2S), but was PT1S");
		assertThatNullPointerException().isThrownBy(() -> new ReconnectBackoff(null, Duration.ofSeconds(1)))
			.withMessage("'initial' must not be null");
	}

}
