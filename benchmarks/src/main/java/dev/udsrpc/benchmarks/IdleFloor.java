package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The floor under an idle daemon's resident set: the small Spring Boot application that
 * answers {@code Ping} with Jackson and junixsocket alone ({@code LibrariesApplication}),
 * run with the JVM options that {@code start} gives a daemon, measured as the idle daemon
 * is, after it answered once and stayed idle.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class IdleFloor {

	static final String LABEL = "floor: Spring Boot, Jackson and junixsocket alone, JVM options of start";

	private IdleFloor() {
	}

	static IdleDaemon.Measurement measure(Launcher launcher, Duration idle, Duration interval)
			throws IOException, InterruptedException {
		Path dir = Launcher.mkdirs(launcher.work().resolve("idle-floor"));
		Path socket = dir.resolve(Launcher.PLAIN_NAME).resolve(Launcher.PLAIN_NAME + ".sock");
		List<String> command = new ArrayList<>(launcher.startJvmOptions());
		command.addAll(launcher.floorArguments());
		try (ChildJvm child = ChildJvm.start("idle-floor", command, Map.of("XDG_RUNTIME_DIR", dir.toString()),
				dir.resolve("output.log"))) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (!StartupPhase.answersPing(socket)) {
				if (!child.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException("The idle floor did not serve:\n" + child.output());
				}
				Thread.sleep(5);
			}
			Thread.sleep(idle.toMillis());
			IdleDaemon.Measurement measurement = IdleDaemon.measure(child.pid(), interval);
			BenchmarkRunner.log(String.format("Idle, %s: RSS %,d KB, %.1f wake-ups/s (%s)", LABEL, measurement.rssKb(),
					measurement.wakeUpsPerSecond(), measurement.topThreads(5)));
			return measurement;
		}
	}

}
