package dev.udsrpc.benchmarks;

import dev.udsrpc.benchmarks.LoadPhase.Summary;
import dev.udsrpc.benchmarks.VirtualThreadsPhase.Result;
import dev.udsrpc.benchmarks.VirtualThreadsPhase.Row;

/**
 * The Markdown of the virtual-thread comparison: a row per load and way of running the
 * handlers, each figure of virtual threads with its ratio to the worker pool's.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class VirtualThreadsReport {

	private VirtualThreadsReport() {
	}

	static void append(StringBuilder out, Result result, Options options) {
		out.append(String.format(
				"Virtual threads: myd on %s (`%s`), with its worker pool and with "
						+ "`--spring.threads.virtual.enabled=true`, in %d interleaved rounds of %.1f s (median shown), "
						+ "one call in flight per connection; `WaitFor` with a %d ms timeout on a key that is never "
						+ "set, so that every handler blocks until less than a whole millisecond of it remains, "
						+ "then answers `null`. Threads: `Threads` of "
						+ "`/proc/<pid>/status`, the most seen during the rounds (read every 100 ms); before the "
						+ "warm-up %d with the pool and %d with virtual threads.%n%n",
				result.version(), result.java(), options.rounds, options.measure.toMillis() / 1000.0,
				options.waitMillis, result.poolIdleThreads(), result.virtualIdleThreads()));
		out.append("| load | handlers | req/s | p50 µs | p99 µs | daemon threads |\n");
		out.append("|---|---|---:|---:|---:|---:|\n");
		for (Row row : result.rows()) {
			String load = row.load() + ", " + row.config();
			Summary pool = row.pool();
			Summary virtual = row.virtual();
			out.append(String.format("| %s | worker pool | %,.0f | %.1f | %.1f | %d |%n", load,
					pool.requestsPerSecond(), pool.p50Micros(), pool.p99Micros(), row.poolThreads()));
			out.append(String.format("| %s | virtual threads | %,.0f (%.2f×) | %.1f (%.2f×) | %.1f (%.2f×) | %d |%n",
					load, virtual.requestsPerSecond(), virtual.requestsPerSecond() / pool.requestsPerSecond(),
					virtual.p50Micros(), virtual.p50Micros() / pool.p50Micros(), virtual.p99Micros(),
					virtual.p99Micros() / pool.p99Micros(), row.virtualThreads()));
		}
		out.append('\n');
	}

}
