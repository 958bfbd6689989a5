package dev.udsrpc.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.udsrpc.context.DaemonProperties;
import org.jspecify.annotations.Nullable;

/**
 * The runner's command line.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class Options {

	boolean quick;

	List<LoadConfig> configs = LoadConfig.DEFAULTS;

	List<ServerKind> servers = List.of(ServerKind.values());

	int rounds = 5;

	Duration warmup = Duration.ofSeconds(16);

	Duration settle = Duration.ofSeconds(1);

	Duration measure = Duration.ofSeconds(3);

	int clientThreads = 2;

	int idleConnections = 1000;

	int broadcastRounds = 30;

	int startupRuns = 7;

	int jmhIterations = 5;

	Duration jmhTime = Duration.ofSeconds(1);

	boolean load = true;

	boolean memory = true;

	boolean startup = true;

	boolean jmh = true;

	boolean daemon = true;

	int commandRuns = 7;

	@Nullable Path beforeJar;

	@Nullable Path aotJava;

	@Nullable Path virtualJava;

	long waitMillis = 2;

	boolean keepWork;

	@Nullable Path jfr;

	@Nullable Path output;

	String heap = "256m";

	List<String> startJvmOptions = DaemonProperties.DEFAULT_JVM_OPTIONS;

	static Options parse(String[] args) {
		Options options = new Options();
		List<String> list = new ArrayList<>(Arrays.asList(args));
		if (list.contains("--quick")) {
			options.quick = true;
			options.rounds = 3;
			options.warmup = Duration.ofSeconds(6);
			options.settle = Duration.ofMillis(500);
			options.measure = Duration.ofMillis(1500);
			options.broadcastRounds = 10;
			options.startupRuns = 3;
			options.commandRuns = 3;
			options.jmhIterations = 3;
			options.jmhTime = Duration.ofMillis(500);
		}
		for (int i = 0; i < list.size(); i++) {
			String arg = list.get(i);
			String value = (i + 1 < list.size()) ? list.get(i + 1) : null;
			switch (arg) {
				case "--quick" -> {
				}
				case "--skip-load" -> options.load = false;
				case "--skip-memory" -> options.memory = false;
				case "--skip-startup" -> options.startup = false;
				case "--skip-jmh" -> options.jmh = false;
				case "--skip-daemon" -> options.daemon = false;
				case "--keep-work" -> options.keepWork = true;
				case "--help", "-h" -> {
					usage();
					System.exit(0);
				}
				default -> {
					if (value == null) {
						throw new IllegalArgumentException("Unknown option or missing value: " + arg);
					}
					i++;
					switch (arg) {
						case "--configs" ->
							options.configs = Arrays.stream(value.split(",")).map(LoadConfig::parse).toList();
						case "--servers" -> options.servers = Arrays.stream(value.split(","))
							.map((name) -> ServerKind.valueOf(name.trim().toUpperCase(Locale.ROOT)))
							.toList();
						case "--rounds" -> options.rounds = Integer.parseInt(value);
						case "--warmup" -> options.warmup = seconds(value);
						case "--settle" -> options.settle = seconds(value);
						case "--measure" -> options.measure = seconds(value);
						case "--client-threads" -> options.clientThreads = Integer.parseInt(value);
						case "--idle-connections" -> options.idleConnections = Integer.parseInt(value);
						case "--broadcast-rounds" -> options.broadcastRounds = Integer.parseInt(value);
						case "--startup-runs" -> options.startupRuns = Integer.parseInt(value);
						case "--heap" -> options.heap = value;
						case "--command-runs" -> options.commandRuns = Integer.parseInt(value);
						case "--before-jar" -> options.beforeJar = Path.of(value).toAbsolutePath();
						case "--aot-java" -> options.aotJava = Path.of(value).toAbsolutePath();
						case "--virtual-java" -> options.virtualJava = Path.of(value).toAbsolutePath();
						case "--wait-millis" -> options.waitMillis = Long.parseLong(value);
						case "--start-jvm-options" -> options.startJvmOptions = Arrays.stream(value.split(" "))
							.filter((option) -> !option.isBlank())
							.toList();
						case "--jfr" -> options.jfr = Path.of(value).toAbsolutePath();
						case "--output" -> options.output = Path.of(value).toAbsolutePath();
						default -> throw new IllegalArgumentException("Unknown option: " + arg);
					}
				}
			}
		}
		return options;
	}

	private static Duration seconds(String value) {
		return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
	}

	static void usage() {
		System.out.println("""
				Usage: java -jar benchmarks/target/udsrpc-benchmarks.jar [options]

				  --quick                 a short run (about 3 minutes) instead of the full one
				  --configs 1x1,1x32,...  connections x requests in flight per connection
				  --servers raw,line,inline,udsrpc,udsrpc_start
				  --rounds N              measured rounds per config and server (median reported)
				  --warmup SECONDS        warm-up per server
				  --settle SECONDS        unmeasured start of every round
				  --measure SECONDS       measured time of every round
				  --client-threads N      load generator threads for configs with several connections
				  --idle-connections N    connections for the memory and broadcast measurements
				  --broadcast-rounds N    broadcasts measured
				  --startup-runs N        starts of each application measured
				  --heap SIZE             -Xms and -Xmx of every server JVM (default 256m)
				  --start-jvm-options "OPTIONS"
				                          JVM options of the daemon as start runs it (default udsrpc.daemon.jvm-options)
				  --command-runs N        runs of each command and of start and stop (median reported)
				  --before-jar JAR        also measure the commands, start, stop and idle daemon of another build
				  --aot-java JAVA         a java of JDK 24 or later, to measure the AOT cache of start
				  --virtual-java JAVA     a java of JDK 21 or later, to compare myd on it with its worker pool and
				                          with spring.threads.virtual.enabled=true: 8x1 Echo, and WaitFor calls
				                          that block their handlers at 64x1 and 256x1 (runs even with --skip-load)
				  --wait-millis N         the timeout of those WaitFor calls (default 2)
				  --skip-load | --skip-memory | --skip-startup | --skip-daemon | --skip-jmh
				  --keep-work             keep the servers' directories and logs (in the temp directory)
				  --jfr FILE              record the daemon with Java Flight Recorder during the load runs
				  --output FILE           also write the report to FILE
				""");
	}

}
