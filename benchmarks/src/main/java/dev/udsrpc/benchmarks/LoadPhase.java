package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udsrpc.benchmarks.Launcher.RunningServer;
import dev.udsrpc.benchmarks.load.LoadGenerator;
import dev.udsrpc.benchmarks.load.LoadResult;

/**
 * Throughput and latency of {@code Echo}: every server in a JVM of its own, warmed up,
 * then measured in interleaved rounds (each round runs every server once, in a rotating
 * order) so that noise from the machine hits all servers alike.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class LoadPhase {

	private final Options options;

	private final Launcher launcher;

	LoadPhase(Options options, Launcher launcher) {
		this.options = options;
		this.launcher = launcher;
	}

	Map<LoadConfig, Map<ServerKind, Summary>> run() throws IOException, InterruptedException {
		Map<ServerKind, RunningServer> servers = new EnumMap<>(ServerKind.class);
		try {
			for (ServerKind kind : this.options.servers) {
				List<String> extra = new ArrayList<>();
				if (kind == ServerKind.UDSRPC && this.options.jfr != null) {
					extra.add("-XX:StartFlightRecording=filename=" + this.options.jfr + ",settings=profile");
				}
				servers.put(kind, this.launcher.startServer(kind, extra));
				BenchmarkRunner.log("Started " + kind.title() + " (pid " + servers.get(kind).jvm().pid() + ")");
			}
			for (ServerKind kind : this.options.servers) {
				warmUp(servers.get(kind));
			}
			Map<LoadConfig, Map<ServerKind, Summary>> results = new LinkedHashMap<>();
			for (LoadConfig config : this.options.configs) {
				Map<ServerKind, List<LoadResult>> runs = new EnumMap<>(ServerKind.class);
				for (int round = 0; round < this.options.rounds; round++) {
					for (int i = 0; i < this.options.servers.size(); i++) {
						ServerKind kind = this.options.servers.get((round + i) % this.options.servers.size());
						LoadResult result = generator(servers.get(kind), config).run(config.connections(),
								config.inFlight(), this.options.settle, this.options.measure);
						runs.computeIfAbsent(kind, (key) -> new ArrayList<>()).add(result);
						BenchmarkRunner
							.log(String.format("%-7s round %d  %-22s %,10.0f req/s  p50 %7.1f µs  p99 %8.1f µs", config,
									round + 1, kind.title(), result.requestsPerSecond(), result.latencyMicros(50),
									result.latencyMicros(99)));
					}
				}
				Map<ServerKind, Summary> summaries = new EnumMap<>(ServerKind.class);
				runs.forEach((kind, list) -> summaries.put(kind, Summary.of(list)));
				results.put(config, summaries);
			}
			return results;
		}
		finally {
			for (RunningServer server : servers.values()) {
				server.close();
			}
		}
	}

	private void warmUp(RunningServer server) throws IOException, InterruptedException {
		BenchmarkRunner.log("Warming up " + server.kind().title() + " for " + this.options.warmup.toSeconds() + " s");
		Duration each = this.options.warmup.dividedBy(this.options.configs.size());
		for (LoadConfig config : this.options.configs) {
			generator(server, config).run(config.connections(), config.inFlight(), Duration.ZERO, each);
		}
	}

	private LoadGenerator generator(RunningServer server, LoadConfig config) {
		return new LoadGenerator(server.socket(), server.kind().expect(), this.options.clientThreads);
	}

	/**
	 * The rounds of one server under one load: medians of throughput and latency
	 * percentiles.
	 *
	 * @param requestsPerSecond the median throughput
	 * @param p50Micros the median of the rounds' median latency
	 * @param p99Micros the median of the rounds' 99th percentile latency
	 * @param rounds the throughput of every round
	 */
	record Summary(double requestsPerSecond, double p50Micros, double p99Micros, List<Double> rounds) {

		static Summary of(List<LoadResult> results) {
			List<Double> rps = results.stream().map(LoadResult::requestsPerSecond).toList();
			return new Summary(BenchmarkRunner.median(rps),
					BenchmarkRunner.median(results.stream().map((result) -> result.latencyMicros(50)).toList()),
					BenchmarkRunner.median(results.stream().map((result) -> result.latencyMicros(99)).toList()), rps);
		}

	}

}
