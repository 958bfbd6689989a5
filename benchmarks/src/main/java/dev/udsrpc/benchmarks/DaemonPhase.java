package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.udsrpc.benchmarks.load.LoadGenerator;
import dev.udsrpc.context.DaemonProperties;
import org.jspecify.annotations.Nullable;

/**
 * What a person or a script waits for around a daemon, from the sample's executable jar
 * as they run it ({@code java -jar myd.jar <command>}), against a hello-world JVM in the
 * same interleaved rounds: the commands {@code call Ping}, {@code status} (daemon up and
 * down) and {@code reload}; {@code stop} of an idle daemon; how long after the daemon
 * serves {@code start} returns; and what the idle daemon that {@code start} launches
 * costs (resident set, wake-ups per thread), with the default
 * {@code udsrpc.daemon.jvm-options} and with the JVM's defaults. With
 * {@code --before-jar}, an older build of the jar is measured in the same rounds.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class DaemonPhase {

	static final String HELLO = "hello-world JVM";

	private static final Duration IDLE = Duration.ofSeconds(15);

	private static final Duration WAKE_UP_INTERVAL = Duration.ofSeconds(10);

	private final Options options;

	private final Launcher launcher;

	DaemonPhase(Options options, Launcher launcher) {
		this.options = options;
		this.launcher = launcher;
	}

	Result run() throws IOException, InterruptedException {
		Map<String, Jar> jars = new LinkedHashMap<>();
		jars.put("this build",
				new Jar(this.launcher.mydExecutableJar(), Launcher.mkdirs(this.launcher.work().resolve("cmd-now")),
						this.launcher.startJvmOptions(), startArguments(this.launcher.startJvmOptions())));
		if (this.options.beforeJar != null) {
			// before udsrpc.daemon.jvm-options, start gave the daemon no JVM options
			jars.put("before", new Jar(this.options.beforeJar,
					Launcher.mkdirs(this.launcher.work().resolve("cmd-before")), List.of(), List.of()));
		}
		Map<String, Stats> commands = new LinkedHashMap<>();
		Map<String, Stats> lifecycle = new LinkedHashMap<>();
		Map<String, IdleDaemon.Measurement> idle = new LinkedHashMap<>();
		for (Map.Entry<String, Jar> jar : jars.entrySet()) {
			commands(jar.getKey(), jar.getValue(), commands);
			lifecycle(jar.getKey(), jar.getValue(), lifecycle);
		}
		for (Map.Entry<String, Jar> jar : jars.entrySet()) {
			idle.put(jar.getKey() + ", start", idle(jar.getKey() + ", start", jar.getValue()));
		}
		Jar current = jars.get("this build");
		String defaults = "this build, start with JVM defaults";
		idle.put(defaults, idle(defaults,
				new Jar(current.path(), current.directory(), List.of(), List.of("--udsrpc.daemon.jvm-options="))));
		idle.put(IdleFloor.LABEL, IdleFloor.measure(this.launcher, IDLE, WAKE_UP_INTERVAL));
		return new Result(commands, lifecycle, idle);
	}

	private void commands(String label, Jar jar, Map<String, Stats> result) throws IOException, InterruptedException {
		Map<String, List<String>> kinds = new LinkedHashMap<>();
		kinds.put(HELLO, helloCommand());
		kinds.put("call Ping", jar.command("call", "Ping"));
		kinds.put("status (up)", jar.command("status"));
		kinds.put("reload", jar.command("reload"));
		kinds.put("status (down)", jar.command("status"));
		CommandRun started = CommandRun.run(jar.start(), jar.environment(), false);
		check(started, 0, "start");
		// a daemon that has just started compiles its hot code for a while: let it finish
		awaitQuiet(Long.parseLong(Files.readString(jar.socket().resolveSibling("myd.pid")).trim()));
		try {
			List<String> names = new ArrayList<>(kinds.keySet());
			// one unmeasured run of each fills the page cache
			for (String name : names) {
				run(jar, name, kinds.get(name), false);
			}
			for (int round = 0; round < this.options.commandRuns; round++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((round + i) % names.size());
					CommandRun run = run(jar, name, kinds.get(name), false);
					result.computeIfAbsent(key(label, name), (key) -> new Stats()).millis.add(run.millis());
				}
			}
			for (int i = 0; i < 3; i++) {
				for (String name : names) {
					CommandRun run = run(jar, name, kinds.get(name), true);
					result.get(key(label, name)).peakRssKb.add((double) run.peakRssKb());
				}
			}
			result.forEach((name, stats) -> {
				if (name.startsWith(label)) {
					BenchmarkRunner.log(String.format("%-40s %6.0f ms, peak RSS %5.1f MB", name, stats.medianMillis(),
							stats.medianPeakRssKb() / 1024));
				}
			});
		}
		finally {
			CommandRun.run(jar.command("stop"), jar.environment(), false);
		}
	}

	/**
	 * Wait until a process uses less than 2% of a CPU over half a second, at most 30 s.
	 */
	static void awaitQuiet(long pid) throws IOException, InterruptedException {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		long previous = cpuTicks(stat);
		while (System.nanoTime() < deadline) {
			Thread.sleep(500);
			long ticks = cpuTicks(stat);
			// 100 ticks a second: 1 tick in half a second is 2%
			if (ticks - previous <= 1) {
				return;
			}
			previous = ticks;
		}
	}

	private static long cpuTicks(Path stat) throws IOException {
		String text = Files.readString(stat);
		String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private CommandRun run(Jar jar, String name, List<String> command, boolean sampleMemory) {
		Map<String, String> environment = name.equals("status (down)") ? jar.downEnvironment() : jar.environment();
		CommandRun run = CommandRun.run(command, environment, sampleMemory);
		check(run, name.equals("status (down)") ? 3 : 0, name);
		return run;
	}

	private static String key(String label, String name) {
		return name.equals(HELLO) ? label + ": " + HELLO : label + ": " + name;
	}

	/**
	 * Time {@code start} (and when it returns after the daemon first serves, as seen by a
	 * client that tries every 5 ms), {@code stop} of the idle daemon, and the same daemon
	 * run in the foreground until it serves.
	 */
	private void lifecycle(String label, Jar jar, Map<String, Stats> result) throws IOException, InterruptedException {
		Stats start = result.computeIfAbsent(label + ": start, until it returns", (key) -> new Stats());
		Stats afterServing = result.computeIfAbsent(label + ": start, returns after the daemon serves",
				(key) -> new Stats());
		Stats stop = result.computeIfAbsent(label + ": stop of an idle daemon", (key) -> new Stats());
		Stats foreground = result.computeIfAbsent(label + ": run in the foreground, until it serves",
				(key) -> new Stats());
		for (int round = 0; round <= this.options.commandRuns; round++) {
			AtomicLong served = new AtomicLong();
			Thread client = new Thread(() -> served.set(awaitPing(jar.socket())), "await-ping");
			client.setDaemon(true);
			client.start();
			long begin = System.nanoTime();
			CommandRun started = CommandRun.run(jar.start(), jar.environment(), false);
			long returned = System.nanoTime();
			check(started, 0, "start");
			client.join(60_000);
			awaitQuiet(Long.parseLong(Files.readString(jar.socket().resolveSibling("myd.pid")).trim()));
			CommandRun stopped = CommandRun.run(jar.command("stop"), jar.environment(), false);
			check(stopped, 0, "stop");
			double foregroundMillis = foreground(jar);
			if (round > 0) {
				start.millis.add((returned - begin) / 1e6);
				afterServing.millis.add((returned - served.get()) / 1e6);
				stop.millis.add(stopped.millis());
				foreground.millis.add(foregroundMillis);
			}
		}
		BenchmarkRunner.log(String.format(
				"%s: start %.0f ms (returns %.0f ms after the daemon serves), stop %.0f ms, foreground %.0f ms", label,
				start.medianMillis(), afterServing.medianMillis(), stop.medianMillis(), foreground.medianMillis()));
	}

	private double foreground(Jar jar) throws InterruptedException {
		Path dir = Launcher.mkdirs(jar.directory().resolve("foreground"));
		List<String> command = new ArrayList<>(jar.daemonJvmOptions());
		command.addAll(List.of("-jar", jar.path().toString(), "--myd.tick-interval=0s"));
		long begin = System.nanoTime();
		try (ChildJvm child = ChildJvm.start("foreground", command, Map.of("XDG_RUNTIME_DIR", dir.toString()),
				dir.resolve("output.log"))) {
			long served = awaitPing(dir.resolve("myd").resolve("myd.sock"));
			if (served == 0) {
				throw new IllegalStateException("The daemon in the foreground did not serve:\n" + child.output());
			}
			return (served - begin) / 1e6;
		}
	}

	private IdleDaemon.Measurement idle(String label, Jar jar) throws IOException, InterruptedException {
		CommandRun started = CommandRun.run(jar.start(), jar.environment(), false);
		check(started, 0, "start");
		try {
			long pid = Long.parseLong(Files.readString(jar.socket().resolveSibling("myd.pid")).trim());
			Thread.sleep(IDLE.toMillis());
			IdleDaemon.Measurement measurement = IdleDaemon.measure(pid, WAKE_UP_INTERVAL);
			BenchmarkRunner.log(String.format("Idle daemon, %s: RSS %,d KB, %.1f wake-ups/s (%s)", label,
					measurement.rssKb(), measurement.wakeUpsPerSecond(), measurement.topThreads(5)));
			return measurement;
		}
		finally {
			CommandRun.run(jar.command("stop"), jar.environment(), false);
		}
	}

	/**
	 * Ping the socket every 5 ms until it answers.
	 * @return the {@link System#nanoTime()} of the first answer, or 0 after 60 s
	 */
	private static long awaitPing(Path socket) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try (SocketChannel channel = LoadGenerator.open(socket)) {
				channel.write(ByteBuffer.wrap("{\"id\":1,\"method\":\"Ping\"}\n".getBytes(StandardCharsets.US_ASCII)));
				String line = new String(Launcher.readLine(channel), StandardCharsets.UTF_8);
				if (line.equals("{\"id\":1,\"result\":{\"pong\":true}}")) {
					return System.nanoTime();
				}
			}
			catch (IOException ex) {
				// not yet
			}
			Launcher.sleep(5);
		}
		return 0;
	}

	/**
	 * Return the arguments that give a started daemon the given JVM options, unless they
	 * are the default ones.
	 */
	private static List<String> startArguments(List<String> jvmOptions) {
		return jvmOptions.equals(DaemonProperties.DEFAULT_JVM_OPTIONS) ? List.of()
				: List.of("--udsrpc.daemon.jvm-options=" + String.join(",", jvmOptions));
	}

	private List<String> helloCommand() {
		return List.of(ChildJvm.javaCommand(), "-cp", this.launcher.plainJar().toString(),
				dev.udsrpc.benchmarks.floor.HelloWorld.class.getName());
	}

	private static void check(CommandRun run, int expected, String what) {
		if (run.status() != expected) {
			throw new IllegalStateException(
					what + " exited with " + run.status() + " instead of " + expected + ":\n" + run.output());
		}
	}

	/**
	 * The sample's jar, with a state and runtime directory of its own.
	 *
	 * @param path the jar
	 * @param directory its directory of the run
	 * @param daemonJvmOptions the JVM options {@code start} gives its daemon
	 * @param startArguments more arguments of {@code start}
	 */
	record Jar(Path path, Path directory, List<String> daemonJvmOptions, List<String> startArguments) {

		List<String> start() {
			List<String> command = command("start", "--myd.tick-interval=0s");
			command.addAll(this.startArguments);
			return command;
		}

		List<String> command(String... arguments) {
			List<String> command = new ArrayList<>(List.of(ChildJvm.javaCommand(), "-jar", this.path.toString()));
			command.addAll(List.of(arguments));
			return command;
		}

		Map<String, String> environment() {
			return Map.of("XDG_RUNTIME_DIR", this.directory.resolve("run").toString(), "XDG_STATE_HOME",
					this.directory.resolve("state").toString());
		}

		Map<String, String> downEnvironment() {
			return Map.of("XDG_RUNTIME_DIR", this.directory.resolve("nothing").toString(), "XDG_STATE_HOME",
					this.directory.resolve("state").toString());
		}

		Path socket() {
			return this.directory.resolve("run").resolve("myd").resolve("myd.sock");
		}

	}

	/**
	 * The runs of one measurement.
	 */
	static final class Stats {

		final List<Double> millis = new ArrayList<>();

		final List<Double> peakRssKb = new ArrayList<>();

		double medianMillis() {
			return BenchmarkRunner.median(this.millis);
		}

		double medianPeakRssKb() {
			return BenchmarkRunner.median(this.peakRssKb);
		}

	}

	/**
	 * What was measured, by label.
	 *
	 * @param commands the commands and the hello-world JVM
	 * @param lifecycle start, stop and the foreground daemon
	 * @param idle the idle daemons
	 */
	record Result(Map<String, Stats> commands, Map<String, Stats> lifecycle, Map<String, IdleDaemon.Measurement> idle) {

		@Nullable Stats command(String label, String name) {
			return this.commands.get(key(label, name));
		}

	}

}
