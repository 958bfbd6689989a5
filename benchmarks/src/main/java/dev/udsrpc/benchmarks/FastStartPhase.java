package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.udsrpc.benchmarks.load.LoadGenerator;

/**
 * The fast-start mode on a JDK 24 or later ({@code --aot-java}): {@code start} with
 * {@code udsrpc.daemon.aot-cache=true} trains an AOT cache once, then the daemon it
 * launches (the extracted jar with {@code -XX:AOTCache}) is timed from spawning to its
 * first {@code Ping}, in turns with the daemon that {@code start} launches without the
 * cache (the executable jar) and, for information, the extracted jar without the cache,
 * all with the JVM options of {@code start}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class FastStartPhase {

	private final Options options;

	private final Launcher launcher;

	FastStartPhase(Options options, Launcher launcher) {
		this.options = options;
		this.launcher = launcher;
	}

	Result run() throws IOException, InterruptedException {
		String java = this.options.aotJava.toString();
		Path dir = Launcher.mkdirs(this.launcher.work().resolve("fast-start"));
		Path cache = dir.resolve("cache");
		Map<String, String> environment = Map.of("XDG_RUNTIME_DIR", dir.resolve("run").toString(), "XDG_STATE_HOME",
				dir.resolve("state").toString());
		Path jar = this.launcher.mydExecutableJar();
		List<String> start = List.of(java, "-jar", jar.toString(), "start", "--myd.tick-interval=0s",
				"--udsrpc.daemon.aot-cache=true", "--udsrpc.daemon.cache-directory=" + cache);
		CommandRun trained = CommandRun.run(start, environment, false);
		if (trained.status() != 0 || !trained.output().contains("Training an AOT cache")) {
			throw new IllegalStateException("start did not train an AOT cache:\n" + trained.output());
		}
		CommandRun.run(List.of(java, "-jar", jar.toString(), "stop"), environment, false);
		CommandRun started = CommandRun.run(start, environment, false);
		CommandRun.run(List.of(java, "-jar", jar.toString(), "stop"), environment, false);
		Path cacheFile = find(cache, "app.aot");
		Path extracted = find(cache, jar.getFileName().toString());
		List<Double> withCache = new ArrayList<>();
		List<Double> without = new ArrayList<>();
		List<Double> extractedWithout = new ArrayList<>();
		for (int run = 0; run <= this.options.startupRuns; run++) {
			for (int turn = 0; turn < 3; turn++) {
				switch ((run + turn) % 3) {
					case 0 -> add(withCache, run,
							serve(java, dir, "cached", List.of("-XX:AOTCache=" + cacheFile), extracted));
					case 1 -> add(without, run, serve(java, dir, "plain", List.of(), jar));
					default -> add(extractedWithout, run, serve(java, dir, "extracted", List.of(), extracted));
				}
			}
		}
		Result result = new Result(BenchmarkRunner.median(withCache), BenchmarkRunner.median(without),
				BenchmarkRunner.median(extractedWithout), started.millis());
		BenchmarkRunner.log(String.format(
				"Fast start (%s): AOT cache %.0f ms, without %.0f ms (%.2f×), extracted without cache %.0f ms", java,
				result.withCacheMillis(), result.withoutMillis(), result.ratio(), result.extractedWithoutMillis()));
		return result;
	}

	private static void add(List<Double> list, int run, double millis) {
		if (run > 0) {
			list.add(millis);
		}
	}

	private double serve(String java, Path dir, String name, List<String> aot, Path jar) {
		Path runtime = Launcher.mkdirs(dir.resolve("serve-" + name));
		List<String> command = new ArrayList<>(this.launcher.startJvmOptions());
		command.addAll(aot);
		command.addAll(List.of("-jar", jar.toString(), "run", "--myd.tick-interval=0s"));
		List<String> full = new ArrayList<>(List.of(java));
		full.addAll(command);
		long begin = System.nanoTime();
		Path socket = runtime.resolve("myd").resolve("myd.sock");
		ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
			.redirectOutput(runtime.resolve("output.log").toFile());
		builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		try {
			while (process.isAlive()) {
				if (answers(socket)) {
					return (System.nanoTime() - begin) / 1e6;
				}
				Launcher.sleep(1);
			}
			throw new IllegalStateException(name + " exited before it served");
		}
		finally {
			process.destroy();
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static boolean answers(Path socket) {
		try (SocketChannel channel = LoadGenerator.open(socket)) {
			channel.write(ByteBuffer.wrap("{\"id\":1,\"method\":\"Ping\"}\n".getBytes(StandardCharsets.US_ASCII)));
			return new String(Launcher.readLine(channel), StandardCharsets.UTF_8)
				.equals("{\"id\":1,\"result\":{\"pong\":true}}");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Path find(Path dir, String name) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter((file) -> file.getFileName().toString().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No " + name + " in " + dir));
		}
	}

	/**
	 * Median times from spawning the daemon to its first {@code Ping}.
	 *
	 * @param withCacheMillis from the AOT cache, as {@code start} runs it
	 * @param withoutMillis without, as {@code start} runs it
	 * @param extractedWithoutMillis the extracted jar without the cache
	 * @param startMillis {@code start} with the cache, until it returns
	 */
	record Result(double withCacheMillis, double withoutMillis, double extractedWithoutMillis, double startMillis) {

		double ratio() {
			return this.withCacheMillis / this.withoutMillis;
		}

	}

}
