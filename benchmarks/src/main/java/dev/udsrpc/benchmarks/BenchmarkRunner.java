package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.udsrpc.benchmarks.LoadPhase.Summary;
import org.jspecify.annotations.Nullable;

/**
 * Runs every benchmark of the module and prints a Markdown report: {@code Echo}
 * throughput and latency of the myd daemon against a raw junixsocket echo server and a
 * minimal inline JSON RPC server, memory of idle connections, broadcast delivery,
 * start-up time, and the codec and invoker microbenchmarks, each checked against the
 * targets of the performance issue; on request, handlers on virtual threads against the
 * worker pool.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class BenchmarkRunner {

	private static final long STARTED = System.nanoTime();

	private BenchmarkRunner() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		String loadBefore = loadAverage();
		Path work = Files.createTempDirectory("udsrpc-bench-");
		Launcher launcher = new Launcher(work, options.heap, options.startJvmOptions);
		Report report = new Report(options);
		try {
			if (options.load) {
				report.load = new LoadPhase(options, launcher).run();
			}
			if (options.virtualJava != null) {
				report.virtual = new VirtualThreadsPhase(options, launcher).run();
			}
			if (options.memory) {
				report.idle = new IdlePhase(options, launcher).run();
			}
			if (options.startup) {
				report.startup = new StartupPhase(options, launcher).run();
			}
			if (options.daemon) {
				report.daemon = new DaemonPhase(options, launcher).run();
				if (options.aotJava != null) {
					report.fastStart = new FastStartPhase(options, launcher).run();
				}
			}
			if (options.jmh) {
				report.micro = new MicroPhase(options).run();
			}
		}
		finally {
			if (options.keepWork) {
				log("Logs of the servers are in " + work);
			}
			else {
				deleteRecursively(work);
			}
		}
		report.environment = environment(loadBefore);
		String markdown = report.toMarkdown();
		System.out.println();
		System.out.println(markdown);
		if (options.output != null) {
			Files.writeString(options.output, markdown);
			log("Report written to " + options.output);
		}
	}

	static void log(String message) {
		System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
	}

	static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Comparator.naturalOrder());
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String environment(String loadBefore) {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(cpu);
		}
		catch (IOException ex) {
			// not Linux
		}
		return String.format("%s, %d CPUs (%s), Java %s (%s), load average %s before and %s after",
				LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
				Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.runtime.version"),
				System.getProperty("java.vm.name"), loadBefore, loadAverage());
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static void deleteRecursively(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			log("Cannot delete " + dir + ": " + ex.getMessage());
		}
	}

	/**
	 * What was measured, as Markdown.
	 */
	static final class Report {

		private final Options options;

		@Nullable Map<LoadConfig, Map<ServerKind, Summary>> load;

		VirtualThreadsPhase.@Nullable Result virtual;

		IdlePhase.@Nullable Result idle;

		StartupPhase.@Nullable Result startup;

		DaemonPhase.@Nullable Result daemon;

		FastStartPhase.@Nullable Result fastStart;

		@Nullable List<MicroPhase.Score> micro;

		String environment = "";

		Report(Options options) {
			this.options = options;
		}

		String toMarkdown() {
			StringBuilder out = new StringBuilder();
			out.append("Measured ").append(this.environment).append(". ");
			out.append((this.options.quick) ? "Quick run" : "Full run")
				.append(String.format(
						": %d interleaved rounds of %.1f s per config and server (median shown), "
								+ "%.0f s warm-up per server, servers with -Xms%s -Xmx%s.%n%n",
						this.options.rounds, this.options.measure.toMillis() / 1000.0,
						this.options.warmup.toMillis() / 1000.0, this.options.heap, this.options.heap));
			if (this.load != null) {
				appendLoad(out, this.load);
			}
			if (this.virtual != null) {
				VirtualThreadsReport.append(out, this.virtual, this.options);
			}
			List<String[]> targets = targets();
			if (!targets.isEmpty()) {
				out.append("| target | measured | required | result |\n|---|---|---|---|\n");
				for (String[] row : targets) {
					out.append("| ").append(String.join(" | ", row)).append(" |\n");
				}
				out.append('\n');
			}
			if (this.idle != null) {
				IdlePhase.Memory memory = this.idle.memory();
				out.append(String.format(
						"Idle connections: %d; daemon RSS %,d → %,d KB (%.1f KB each, heap pre-touched), "
								+ "live heap after full GC %,d → %,d KB (%.1f KB each), threads %d → %d.%n",
						memory.connections(), memory.rssBeforeKb(), memory.rssAfterKb(), memory.rssPerConnectionKb(),
						memory.heapBeforeKb(), memory.heapAfterKb(), memory.heapPerConnectionKb(),
						memory.threadsBefore(), memory.threadsAfter()));
				IdlePhase.Broadcast broadcast = this.idle.broadcast();
				out.append(String.format(
						"Broadcast of KeyChanged to %d clients: first delivery %.2f ms, last %.2f ms (median of %d), "
								+ "worst last %.2f ms.%n%n",
						broadcast.clients(), broadcast.firstMillis(), broadcast.lastMillis(),
						this.options.broadcastRounds, broadcast.worstLastMillis()));
			}
			if (this.startup != null) {
				out.append(String.format(
						"Start to serving (median of %d): a small application with one component %.0f ms without "
								+ "the starter (until it logs Started), %.0f ms with it (until Ping is answered), "
								+ "%.0f ms answering Ping by hand with Jackson and junixsocket alone (%+.0f ms, the "
								+ "floor under any server built on them); the sample daemon myd %.0f ms.%n%n",
						this.options.startupRuns, this.startup.plainMillis(), this.startup.starterMillis(),
						this.startup.floorMillis(), this.startup.floorMillis() - this.startup.plainMillis(),
						this.startup.mydMillis()));
			}
			DaemonReport.details(out, this.daemon, this.fastStart, this.options.commandRuns);
			if (this.micro != null) {
				out.append("| microbenchmark (JMH) | time per op |\n|---|---|\n");
				for (MicroPhase.Score score : this.micro) {
					out.append(String.format("| %s | %.0f ± %.0f %s |%n", score.name(), score.score(), score.error(),
							score.unit()));
				}
				out.append('\n');
			}
			return out.toString();
		}

		private void appendLoad(StringBuilder out, Map<LoadConfig, Map<ServerKind, Summary>> load) {
			out.append("| Echo, 64-byte msg | server | req/s | vs raw | vs line echo | p50 µs | p99 µs |\n");
			out.append("|---|---|---:|---:|---:|---:|---:|\n");
			load.forEach((config, servers) -> {
				Summary raw = servers.get(ServerKind.RAW);
				Summary line = servers.get(ServerKind.LINE);
				servers.forEach((kind,
						summary) -> out.append(String.format("| %s | %s | %,.0f | %s | %s | %.1f | %.1f |%n", config,
								kind.title(), summary.requestsPerSecond(), ratio(summary, raw), ratio(summary, line),
								summary.p50Micros(), summary.p99Micros())));
			});
			out.append('\n');
		}

		private static String ratio(Summary summary, @Nullable Summary baseline) {
			return (baseline != null)
					? String.format("%.2f×", summary.requestsPerSecond() / baseline.requestsPerSecond()) : "–";
		}

		private List<String[]> targets() {
			List<String[]> rows = new ArrayList<>();
			if (this.load != null) {
				inlineTarget(rows, new LoadConfig(8, 1));
				inlineTarget(rows, new LoadConfig(1, 32));
				throughputTarget(rows, new LoadConfig(32, 8), 0.6);
				Map<ServerKind, Summary> single = this.load.get(new LoadConfig(1, 1));
				if (single != null && single.containsKey(ServerKind.UDSRPC) && single.containsKey(ServerKind.INLINE)) {
					double ratio = single.get(ServerKind.UDSRPC).p50Micros()
							/ single.get(ServerKind.INLINE).p50Micros();
					rows.add(row("1×1 median latency vs inline server", String.format("%.2f× (%.1f vs %.1f µs)", ratio,
							single.get(ServerKind.UDSRPC).p50Micros(), single.get(ServerKind.INLINE).p50Micros()),
							"≤ 1.30×", ratio <= 1.3));
				}
			}
			if (this.idle != null) {
				ConnectStorm.Result storm = this.idle.storm();
				rows.add(row(storm.clients() + " clients connecting at once (non-blocking), served", String
					.format("%d (%d refused), all in %.0f ms", storm.served(), storm.refused(), storm.servedMillis()),
						"all", storm.served() == storm.clients()));
				IdlePhase.Memory memory = this.idle.memory();
				double each = memory.totalPerConnectionKb();
				rows.add(row(
						"memory per idle connection (" + memory.connections() + ", Java " + Runtime.version().feature()
								+ ")",
						String.format("%.1f KB (RSS %.1f + heap %.1f)", each, memory.rssPerConnectionKb(),
								memory.heapPerConnectionKb()),
						"≤ 16 KB", each <= 16));
				IdlePhase.Broadcast broadcast = this.idle.broadcast();
				rows.add(row("broadcast to " + broadcast.clients() + " clients, last delivery",
						String.format("%.2f ms", broadcast.lastMillis()), "≤ 15 ms", broadcast.lastMillis() <= 15));
			}
			if (this.startup != null) {
				double extra = this.startup.starterMillis() - this.startup.plainMillis();
				rows.add(row("start to serving vs the same app without the starter",
						String.format("%+.0f ms (%.0f vs %.0f ms)", extra, this.startup.starterMillis(),
								this.startup.plainMillis()),
						"≤ +150 ms", extra <= 150));
				// the same application answering Ping with Jackson and junixsocket alone
				double ratio = this.startup.starterMillis() / this.startup.floorMillis();
				rows.add(row("start to serving vs the same Spring Boot app with Jackson (answering Ping by hand)",
						String.format("%.2f× (%.0f vs %.0f ms)", ratio, this.startup.starterMillis(),
								this.startup.floorMillis()),
						"≤ 1.10×", ratio <= 1.1));
			}
			startOptionsTarget(rows);
			DaemonReport.targets(rows, this.daemon, this.fastStart);
			return rows;
		}

		/**
		 * Compare the daemon with the JVM options of {@code start} to the same daemon
		 * with the load runs' options at 32×8.
		 */
		private void startOptionsTarget(List<String[]> rows) {
			Map<ServerKind, Summary> servers = (this.load != null) ? this.load.get(new LoadConfig(32, 8)) : null;
			if (servers == null || !servers.containsKey(ServerKind.UDSRPC)
					|| !servers.containsKey(ServerKind.UDSRPC_START)) {
				return;
			}
			double ratio = servers.get(ServerKind.UDSRPC_START).requestsPerSecond()
					/ servers.get(ServerKind.UDSRPC).requestsPerSecond();
			rows.add(row("32×8 throughput with the JVM options of start vs without", String.format("%.2f×", ratio),
					"≥ 0.95× (noise)", ratio >= 0.95));
		}

		private void throughputTarget(List<String[]> rows, LoadConfig config, double required) {
			Map<ServerKind, Summary> servers = (this.load != null) ? this.load.get(config) : null;
			if (servers == null || !servers.containsKey(ServerKind.UDSRPC) || !servers.containsKey(ServerKind.RAW)) {
				return;
			}
			Summary udsrpc = servers.get(ServerKind.UDSRPC);
			Summary raw = servers.get(ServerKind.RAW);
			double ratio = udsrpc.requestsPerSecond() / raw.requestsPerSecond();
			String measured = ratio(udsrpc, raw);
			Summary line = servers.get(ServerKind.LINE);
			if (line != null) {
				measured += " (" + ratio(udsrpc, line) + " the line echo)";
			}
			rows.add(row(config + " throughput vs raw junixsocket", measured, String.format("≥ %.2f×", required),
					ratio >= required));
		}

		private void inlineTarget(List<String[]> rows, LoadConfig config) {
			Map<ServerKind, Summary> servers = (this.load != null) ? this.load.get(config) : null;
			if (servers == null || !servers.containsKey(ServerKind.UDSRPC) || !servers.containsKey(ServerKind.INLINE)) {
				return;
			}
			Summary udsrpc = servers.get(ServerKind.UDSRPC);
			double ratio = udsrpc.requestsPerSecond() / servers.get(ServerKind.INLINE).requestsPerSecond();
			rows.add(row(config + " throughput vs inline server", ratio(udsrpc, servers.get(ServerKind.INLINE)),
					"≥ 1.00×", ratio >= 1.0));
		}

		private static String[] row(String target, String measured, String required, boolean pass) {
			return new String[] { target, measured, required, pass ? "PASS" : "**FAIL**" };
		}

	}

}
