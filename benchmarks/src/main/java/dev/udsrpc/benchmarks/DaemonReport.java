package dev.udsrpc.benchmarks;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The Markdown of the daemon and fast-start phases: their target rows and their details.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class DaemonReport {

	private static final List<String> COMMANDS = List.of("call Ping", "status (up)", "status (down)", "reload");

	private static final String NOW = "this build";

	private DaemonReport() {
	}

	static void targets(List<String[]> rows, DaemonPhase.@Nullable Result daemon,
			FastStartPhase.@Nullable Result fastStart) {
		if (daemon != null) {
			DaemonPhase.Stats hello = daemon.command(NOW, DaemonPhase.HELLO);
			for (String command : COMMANDS) {
				DaemonPhase.Stats stats = daemon.command(NOW, command);
				if (hello != null && stats != null) {
					double ratio = stats.medianMillis() / hello.medianMillis();
					double peak = stats.medianPeakRssKb() / 1024;
					rows.add(row("`" + command + "` vs a hello-world JVM, peak RSS",
							String.format("%.2f× (%.0f vs %.0f ms), %.0f MB", ratio, stats.medianMillis(),
									hello.medianMillis(), peak),
							"≤ 8×, ≤ 80 MB", ratio <= 8 && peak <= 80));
				}
			}
			DaemonPhase.Stats stop = daemon.lifecycle().get(NOW + ": stop of an idle daemon");
			if (stop != null) {
				rows.add(row("`stop` of an idle daemon", String.format("%.0f ms", stop.medianMillis()), "≤ 1000 ms",
						stop.medianMillis() <= 1000));
			}
			DaemonPhase.Stats after = daemon.lifecycle().get(NOW + ": start, returns after the daemon serves");
			if (after != null) {
				rows.add(row("`start` returns after the daemon serves", String.format("%.0f ms", after.medianMillis()),
						"≤ 500 ms", after.medianMillis() <= 500));
			}
			IdleDaemon.Measurement idle = daemon.idle().get(NOW + ", start");
			if (idle != null) {
				rows.add(row("idle daemon that `start` launches (15 s idle): RSS",
						String.format("%.0f MB", idle.rssKb() / 1024.0), "≤ 80 MB", idle.rssKb() <= 80 * 1024));
				IdleDaemon.Measurement floor = daemon.idle().get(IdleFloor.LABEL);
				if (floor != null) {
					double ratio = (double) idle.rssKb() / floor.rssKb();
					rows.add(row(
							"idle daemon RSS vs the floor (Spring Boot, Jackson and junixsocket alone, same JVM "
									+ "options)",
							String.format("%.2f× (%.0f vs %.0f MB)", ratio, idle.rssKb() / 1024.0,
									floor.rssKb() / 1024.0),
							"≤ 1.10× (re-based)", ratio <= 1.10));
				}
				rows.add(row("idle daemon: wake-ups",
						String.format("%.1f/s (%s)", idle.wakeUpsPerSecond(), idle.topThreads(3)), "≤ 2/s",
						idle.wakeUpsPerSecond() <= 2));
			}
		}
		if (fastStart != null) {
			rows.add(row("start to serving with the AOT cache of `start` vs without (JDK 24+)",
					String.format("%.2f× (%.0f vs %.0f ms)", fastStart.ratio(), fastStart.withCacheMillis(),
							fastStart.withoutMillis()),
					"≤ 0.60×", fastStart.ratio() <= 0.6));
		}
	}

	static void details(StringBuilder out, DaemonPhase.@Nullable Result daemon,
			FastStartPhase.@Nullable Result fastStart, int runs) {
		if (daemon != null) {
			out.append(String.format("Commands from the sample's executable jar (`java -jar myd.jar ...`, median of "
					+ "%d interleaved runs, peak RSS median of 3 sampled runs):%n%n", runs));
			out.append("| command | build | wall ms | vs hello-world | peak RSS MB |\n|---|---|---:|---:|---:|\n");
			daemon.commands().forEach((key, stats) -> {
				String build = key.substring(0, key.indexOf(':'));
				String name = key.substring(key.indexOf(':') + 2);
				DaemonPhase.Stats hello = daemon.command(build, DaemonPhase.HELLO);
				out.append(String.format("| %s | %s | %.0f | %.2f× | %.0f |%n", name, build, stats.medianMillis(),
						(hello != null) ? stats.medianMillis() / hello.medianMillis() : Double.NaN,
						stats.medianPeakRssKb() / 1024));
			});
			out.append('\n');
			for (Map.Entry<String, DaemonPhase.Stats> entry : daemon.lifecycle().entrySet()) {
				out.append(String.format("- %s: %.0f ms%n", entry.getKey(), entry.getValue().medianMillis()));
			}
			out.append('\n');
			out.append("| idle daemon (15 s after start) | RSS MB | wake-ups/s | threads that woke up (per s) |\n")
				.append("|---|---:|---:|---|\n");
			daemon.idle()
				.forEach((name, idle) -> out.append(String.format("| %s | %.0f | %.1f | %s |%n", name,
						idle.rssKb() / 1024.0, idle.wakeUpsPerSecond(), idle.topThreads(6))));
			out.append('\n');
		}
		if (fastStart != null) {
			out.append(String.format(
					"Fast start: the daemon from its AOT cache serves after %.0f ms, without it after %.0f ms "
							+ "(the extracted jar alone: %.0f ms); `start` with the cache returns after %.0f ms.%n%n",
					fastStart.withCacheMillis(), fastStart.withoutMillis(), fastStart.extractedWithoutMillis(),
					fastStart.startMillis()));
		}
	}

	private static String[] row(String target, String measured, String required, boolean pass) {
		return new String[] { target, measured, required, pass ? "PASS" : "**FAIL**" };
	}

}
