package dev.udsrpc.client;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link UdsRpcClient.Builder}: every argument is checked where it is given,
 * not later in the reader thread.
 */
class UdsRpcClientBuilderTests {

	private final UdsRpcClient.Builder builder = UdsRpcClient.builder(Path.of("/nonexistent/c.sock"));

	@Test
	void refusesAMaxMessageSizeThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.maxMessageSize(0))
			.withMessage("'maxMessageSize' must be positive, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.maxMessageSize(-1))
			.withMessage("'maxMessageSize' must be positive, but was -1");
	}

	@Test
	void refusesATimeoutShorterThanAMillisecond() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.timeout(Duration.ZERO))
			.withMessage("'timeout' must be at least 1 ms, but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.timeout(Duration.ofSeconds(-1)))
			.withMessage("'timeout' must be at least 1 ms, but was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.timeout(Duration.ofNanos(999_999)))
			.withMessageStartingWith("'timeout' must be at least 1 ms");
		assertThatNullPointerException().isThrownBy(() -> this.builder.timeout(null))
			.withMessage("'timeout' must not be null");
	}

	@Test
	void refusesBackoffsThatAreNotPositiveOrOutOfOrder() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.builder.reconnect(Duration.ZERO, Duration.ofSeconds(1)))
			.withMessage("'initial' must be at least 1 ms, but was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.builder.reconnect(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessage("'max' must not be shorter than 'initial' (PT2S), but was PT1S");
		assertThatNullPointerException().isThrownBy(() -> this.builder.reconnect(Duration.ofSeconds(1), null))
			.withMessage("'max' must not be null");
	}

	@Test
	void refusesANegativeServerUid() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.expectedServerUid(-1))
			.withMessage("'uid' must not be negative, but was -1");
	}

	@Test
	void refusesANullMapper() {
		assertThatNullPointerException().isThrownBy(() -> this.builder.jsonMapper(null))
			.withMessage("'mapper' must not be null");
	}

}
