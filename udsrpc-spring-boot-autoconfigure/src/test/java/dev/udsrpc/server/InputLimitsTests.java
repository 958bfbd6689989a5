package dev.udsrpc.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InputLimits}.
 */
class InputLimitsTests {

	private static final long MEGABYTE = 1024 * 1024;

	@Test
	void theDefaultBudgetIsAQuarterOfTheMaximumHeap() {
		assertThat(InputLimits.defaultBudget(96 * MEGABYTE)).isEqualTo(24 * MEGABYTE);
		assertThat(InputLimits.defaultBudget(4096 * MEGABYTE)).isEqualTo(1024 * MEGABYTE);
	}

	@Test
	void theDefaultBudgetHoldsALineOfTheDefaultMaximumSizeIn96Megabytes() {
		// the buffer of a 16 MiB line: doubled up to the maximum size and one byte
		assertThat(InputLimits.defaultBudget(96 * MEGABYTE)).isGreaterThan(16 * MEGABYTE + 1);
	}

	@Test
	void theDefaultBudgetIsNeverTiny() {
		assertThat(InputLimits.defaultBudget(1024)).isEqualTo(MEGABYTE);
		assertThat(InputLimits.defaultBudget(Long.MAX_VALUE)).isEqualTo(1024 * MEGABYTE);
	}

}
