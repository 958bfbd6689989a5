package dev.udsrpc.client;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Checks of the arguments given to {@link UdsRpcClient.Builder}, so that a bad value is
 * refused where it is given, with a message naming it, instead of failing later in the
 * reader thread.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class Arguments {

	private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

	private Arguments() {
	}

	static int positive(int value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException("'" + name + "' must be positive, but was " + value);
		}
		return value;
	}

	static long notNegative(long value, String name) {
		if (value < 0) {
			throw new IllegalArgumentException("'" + name + "' must not be negative, but was " + value);
		}
		return value;
	}

	/**
	 * Check a duration that is used in milliseconds: at least one, and not more than a
	 * {@code long} of them.
	 */
	static Duration milliseconds(@Nullable Duration value, String name) {
		Objects.requireNonNull(value, "'" + name + "' must not be null");
		if (value.compareTo(ONE_MILLISECOND) < 0) {
			throw new IllegalArgumentException("'" + name + "' must be at least 1 ms, but was " + value);
		}
		try {
			value.toMillis();
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException("'" + name + "' is too long: " + value);
		}
		return value;
	}

}
