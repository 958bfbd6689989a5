package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.udsrpc.benchmarks.Launcher.RunningServer;
import dev.udsrpc.benchmarks.LoadPhase.Summary;
import dev.udsrpc.benchmarks.load.EchoMessages.Expect;
import dev.udsrpc.benchmarks.load.Exchange;
import dev.udsrpc.benchmarks.load.LoadGenerator;
import dev.udsrpc.benchmarks.load.LoadResult;
import dev.udsrpc.benchmarks.load.WaitForMessages;

/**
 * Handlers on virtual threads against the worker pool ({@code --virtual-java}): myd run
 * twice on a JDK 21 or later, as it is and with
 * {@code spring.threads.virtual.enabled=true}, warmed up, then measured in interleaved
 * rounds under {@code 8×1} {@code Echo} and under {@code WaitFor} calls on a key that is
 * never set, whose handlers block until their timeout, while the daemons' thread counts
 * are sampled.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class VirtualThreadsPhase {

	private static final String NEVER_SET = "udsrpc-bench-never-set";

	private static final String POOL_THREAD = "udsrpc-worker";

	private static final Duration THREAD_SAMPLING = Duration.ofMillis(100);

	private final Options options;

	private final Launcher launcher;

	VirtualThreadsPhase(Options options, Launcher launcher) {
		this.options = options;
		this.launcher = launcher;
	}

	Result run() throws IOException, InterruptedException {
		String java = String.valueOf(this.options.virtualJava);
		String version = javaVersion(java);
		WaitForMessages waitFor = new WaitForMessages(NEVER_SET, this.options.waitMillis);
		List<Load> loads = List.of(new Load("Echo", Expect.RESULT, new LoadConfig(8, 1)),
				new Load(waitFor.toString(), waitFor, new LoadConfig(64, 1)),
				new Load(waitFor.toString(), waitFor, new LoadConfig(256, 1)));
		Map<Handlers, RunningServer> daemons = new EnumMap<>(Handlers.class);
		try {
			for (Handlers handlers : Handlers.values()) {
				daemons.put(handlers, start(java, handlers));
			}
			Map<Handlers, Long> idleThreads = new EnumMap<>(Handlers.class);
			for (Handlers handlers : Handlers.values()) {
				idleThreads.put(handlers, daemons.get(handlers).jvm().threads());
				warmUp(daemons.get(handlers), loads);
			}
			requireHandlerThreads(daemons);
			List<Row> rows = new ArrayList<>();
			for (Load load : loads) {
				Map<Handlers, List<LoadResult>> runs = new EnumMap<>(Handlers.class);
				Map<Handlers, Long> threads = new EnumMap<>(Handlers.class);
				for (int round = 0; round < this.options.rounds; round++) {
					for (int i = 0; i < Handlers.values().length; i++) {
						Handlers handlers = Handlers.values()[(round + i) % Handlers.values().length];
						RunningServer daemon = daemons.get(handlers);
						AtomicLong most = new AtomicLong();
						LoadResult result = sampleThreads(daemon.jvm(), most, () -> generator(daemon, load)
							.run(load.config().connections(), 1, this.options.settle, this.options.measure));
						runs.computeIfAbsent(handlers, (key) -> new ArrayList<>()).add(result);
						threads.merge(handlers, most.get(), Math::max);
						BenchmarkRunner.log(String.format(
								"%-14s %-7s round %d  %-16s %,9.0f req/s  p50 %8.1f µs  p99 %8.1f µs  threads %d",
								load.name(), load.config(), round + 1, handlers.title(), result.requestsPerSecond(),
								result.latencyMicros(50), result.latencyMicros(99), most.get()));
					}
				}
				rows.add(new Row(load.name(), load.config(), Summary.of(runs.get(Handlers.POOL)),
						Summary.of(runs.get(Handlers.VIRTUAL)), threads.get(Handlers.POOL),
						threads.get(Handlers.VIRTUAL)));
			}
			return new Result(java, version, rows, idleThreads.get(Handlers.POOL), idleThreads.get(Handlers.VIRTUAL));
		}
		finally {
			for (RunningServer daemon : daemons.values()) {
				daemon.close();
			}
		}
	}

	private RunningServer start(String java, Handlers handlers) {
		Path dir = Launcher.mkdirs(this.launcher.work().resolve("myd-" + handlers.name().toLowerCase()));
		List<String> arguments = new ArrayList<>(this.launcher.serverJvmOptions());
		arguments.addAll(this.launcher.mydArguments());
		arguments.addAll(handlers.arguments());
		ChildJvm jvm = ChildJvm.start("myd, " + handlers.title(), java, arguments,
				Map.of("XDG_RUNTIME_DIR", dir.toString()), dir.resolve("output.log"));
		RunningServer daemon = new RunningServer(ServerKind.UDSRPC, jvm, dir.resolve("myd").resolve("myd.sock"));
		Launcher.awaitServing(daemon);
		BenchmarkRunner.log("Started myd with " + handlers.title() + " on " + java + " (pid " + jvm.pid() + ")");
		return daemon;
	}

	private void warmUp(RunningServer daemon, List<Load> loads) throws IOException, InterruptedException {
		Duration each = this.options.warmup.dividedBy(loads.size());
		for (Load load : loads) {
			generator(daemon, load).run(load.config().connections(), 1, Duration.ZERO, each);
		}
	}

	private LoadGenerator generator(RunningServer daemon, Load load) {
		return new LoadGenerator(daemon.socket(), load.exchange(), this.options.clientThreads);
	}

	/**
	 * Run a load while reading the daemon's thread count every {@link #THREAD_SAMPLING}.
	 */
	private static LoadResult sampleThreads(ChildJvm jvm, AtomicLong most, LoadRun run)
			throws IOException, InterruptedException {
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		try {
			sampler.scheduleAtFixedRate(() -> most.accumulateAndGet(jvm.threads(), Math::max), 0,
					THREAD_SAMPLING.toMillis(), TimeUnit.MILLISECONDS);
			return run.run();
		}
		finally {
			sampler.shutdownNow();
			sampler.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Check that the pool runs the handlers of one daemon and not of the other: on Java
	 * 17 the property would change nothing.
	 */
	private static void requireHandlerThreads(Map<Handlers, RunningServer> daemons) {
		long pool = poolThreads(daemons.get(Handlers.POOL).jvm().pid());
		long virtual = poolThreads(daemons.get(Handlers.VIRTUAL).jvm().pid());
		if (pool == 0 || virtual != 0) {
			throw new IllegalStateException(String
				.format("Expected %s threads in the daemon with the pool only, found %d in it and %d in the one with "
						+ "virtual threads (which need Java 21 or later)", POOL_THREAD, pool, virtual));
		}
	}

	private static long poolThreads(long pid) {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.filter((task) -> {
				try {
					return Files.readString(task.resolve("comm")).startsWith(POOL_THREAD);
				}
				catch (IOException ex) {
					// the thread has ended
					return false;
				}
			}).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String javaVersion(String java) {
		CommandRun run = CommandRun.run(List.of(java, "-version"), Map.of(), false);
		Matcher matcher = Pattern.compile("version \"(\\d+)[^\"]*\"").matcher(run.output());
		if (run.status() != 0 || !matcher.find()) {
			throw new IllegalStateException(java + " -version failed:\n" + run.output());
		}
		if (Integer.parseInt(matcher.group(1)) < 21) {
			throw new IllegalStateException("--virtual-java needs Java 21 or later: " + matcher.group());
		}
		return run.output().lines().findFirst().orElse("").trim();
	}

	/**
	 * How the daemon runs its handlers.
	 */
	enum Handlers {

		POOL("worker pool", List.of()),

		VIRTUAL("virtual threads", List.of("--spring.threads.virtual.enabled=true"));

		private final String title;

		private final List<String> arguments;

		Handlers(String title, List<String> arguments) {
			this.title = title;
			this.arguments = arguments;
		}

		String title() {
			return this.title;
		}

		List<String> arguments() {
			return this.arguments;
		}

	}

	@FunctionalInterface
	private interface LoadRun {

		LoadResult run() throws IOException, InterruptedException;

	}

	private record Load(String name, Exchange exchange, LoadConfig config) {

	}

	/**
	 * One load against both daemons.
	 *
	 * @param load the calls
	 * @param config the connections, each with one call in flight
	 * @param pool the daemon with the worker pool
	 * @param virtual the daemon with virtual threads
	 * @param poolThreads the most threads of the daemon with the pool during the rounds
	 * @param virtualThreads the most threads of the daemon with virtual threads
	 */
	record Row(String load, LoadConfig config, Summary pool, Summary virtual, long poolThreads, long virtualThreads) {

	}

	/**
	 * What was measured.
	 *
	 * @param java the {@code java} command the daemons ran with
	 * @param version its version
	 * @param rows a row per load
	 * @param poolIdleThreads the threads of the daemon with the pool before the warm-up
	 * @param virtualIdleThreads the threads of the daemon with virtual threads
	 */
	record Result(String java, String version, List<Row> rows, long poolIdleThreads, long virtualIdleThreads) {

	}

}
