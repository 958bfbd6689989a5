package dev.udsrpc.client;

import java.time.Duration;

/**
 * How long a client waits before each attempt to reconnect: the initial wait, doubled
 * after each failed attempt up to the longest wait.
 *
 * @param initial the first wait, at least 1 ms
 * @param max the longest wait, not shorter than {@code initial}
 * @author udsrpc authors
 * @since 0.1.0
 */
record ReconnectBackoff(Duration initial, Duration max) {

	ReconnectBackoff {
		Arguments.milliseconds(initial, "initial");
		Arguments.milliseconds(max, "max");
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException(
					"'max' must not be shorter than 'initial' (" + initial + "), but was " + max);
		}
	}

	/**
	 * Return the wait after an attempt that followed the given wait and failed.
	 * @param wait the wait before the failed attempt
	 * @return twice that wait, but at most {@link #max()}
	 */
	Duration next(Duration wait) {
		// compared before doubling, so that no wait overflows
		return (wait.compareTo(this.max.dividedBy(2)) > 0) ? this.max : wait.multipliedBy(2);
	}

}
