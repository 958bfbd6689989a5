package dev.udsrpc.benchmarks.load;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * What one measured run of the load generator saw.
 *
 * @param requests the responses received (and checked) in the measured interval
 * @param nanos the length of the measured interval
 * @param latency round-trip times of those responses, in nanoseconds
 * @author udsrpc authors
 * @since 0.1.0
 */
public record LoadResult(long requests, long nanos, Histogram latency) {

	/**
	 * Return the throughput.
	 * @return responses per second
	 */
	public double requestsPerSecond() {
		return this.requests * 1e9 / this.nanos;
	}

	/**
	 * Return a latency percentile.
	 * @param percentile the percentile, such as {@code 50.0}
	 * @return the latency in microseconds
	 */
	public double latencyMicros(double percentile) {
		return this.latency.getValueAtPercentile(percentile) / (double) TimeUnit.MICROSECONDS.toNanos(1);
	}

}
