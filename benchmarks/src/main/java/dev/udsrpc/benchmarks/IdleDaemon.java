package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an idle daemon costs: its resident set, and how often each of its threads wakes
 * up, counted as the voluntary and involuntary context switches of
 * {@code /proc/<pid>/task/<tid>/status} over an interval.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class IdleDaemon {

	private IdleDaemon() {
	}

	/**
	 * Measure a daemon.
	 * @param pid the daemon
	 * @param interval how long to count wake-ups
	 * @return the measurement
	 * @throws IOException if the daemon cannot be read
	 * @throws InterruptedException if interrupted
	 */
	static Measurement measure(long pid, Duration interval) throws IOException, InterruptedException {
		Map<String, Long> before = switches(pid);
		Thread.sleep(interval.toMillis());
		Map<String, Long> after = switches(pid);
		Map<String, Double> perThread = new HashMap<>();
		after.forEach((thread, count) -> {
			double rate = (count - before.getOrDefault(thread, 0L)) / (interval.toMillis() / 1000.0);
			if (rate > 0) {
				perThread.merge(thread.substring(thread.indexOf(' ') + 1), rate, Double::sum);
			}
		});
		List<Map.Entry<String, Double>> threads = new ArrayList<>(perThread.entrySet());
		threads.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
		double total = threads.stream().mapToDouble(Map.Entry::getValue).sum();
		return new Measurement(statusField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:"), total, threads);
	}

	/**
	 * Return the context switches of every thread, by {@code "<tid> <name>"}.
	 */
	private static Map<String, Long> switches(long pid) throws IOException {
		Map<String, Long> result = new HashMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks) {
				try {
					String name = Files.readString(task.resolve("comm")).trim();
					long switches = statusField(task.resolve("status"), "voluntary_ctxt_switches:")
							+ statusField(task.resolve("status"), "nonvoluntary_ctxt_switches:");
					result.put(task.getFileName() + " " + name, switches);
				}
				catch (IOException ex) {
					// the thread has ended
				}
			}
		}
		return result;
	}

	private static long statusField(Path status, String field) throws IOException {
		for (String line : Files.readAllLines(status)) {
			if (line.startsWith(field)) {
				return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
			}
		}
		throw new IOException("No " + field + " in " + status);
	}

	/**
	 * An idle daemon.
	 *
	 * @param rssKb its resident set
	 * @param wakeUpsPerSecond the wake-ups of all its threads
	 * @param threads the wake-ups per second of each thread name that woke up, most first
	 */
	record Measurement(long rssKb, double wakeUpsPerSecond, List<Map.Entry<String, Double>> threads) {

		String topThreads(int count) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < Math.min(count, this.threads.size()); i++) {
				if (i > 0) {
					text.append(", ");
				}
				text.append(this.threads.get(i).getKey())
					.append(' ')
					.append(String.format("%.1f", this.threads.get(i).getValue()));
			}
			return text.toString();
		}

	}

}
