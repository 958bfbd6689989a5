package dev.udsrpc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.benchmarks.load.LoadGenerator;

/**
 * Time from spawning the JVM to serving: for myd until the first {@code Ping} is
 * answered, for a plain Spring Boot application without the starter until it logs
 * {@code Started}. Both run with the same JVM options and from plain jars, alternately.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class StartupPhase {

	private final Options options;

	private final Launcher launcher;

	StartupPhase(Options options, Launcher launcher) {
		this.options = options;
		this.launcher = launcher;
	}

	Result run() throws IOException, InterruptedException {
		List<Double> plain = new ArrayList<>();
		List<Double> myd = new ArrayList<>();
		// one unmeasured start of each fills the page cache
		plainStart();
		mydStart(0);
		for (int run = 1; run <= this.options.startupRuns; run++) {
			double p;
			double m;
			if (run % 2 == 0) {
				p = plainStart();
				m = mydStart(run);
			}
			else {
				m = mydStart(run);
				p = plainStart();
			}
			plain.add(p);
			myd.add(m);
			BenchmarkRunner.log(String.format("Start-up run %d: plain Spring Boot %.0f ms, myd %.0f ms", run, p, m));
		}
		return new Result(BenchmarkRunner.median(plain), BenchmarkRunner.median(myd));
	}

	private double plainStart() throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ChildJvm.javaCommand());
		command.addAll(this.launcher.serverJvmOptions());
		command.addAll(this.launcher.plainArguments());
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		CompletableFuture<Long> started = new CompletableFuture<>();
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.contains("Started PlainApplication")) {
						started.complete(System.nanoTime());
					}
					output.append(line).append('\n');
				}
			}
			catch (IOException ex) {
				started.completeExceptionally(ex);
			}
			started.completeExceptionally(new IllegalStateException("No 'Started' line"));
		});
		reader.setDaemon(true);
		reader.start();
		try {
			long end = started.get(120, TimeUnit.SECONDS);
			return (end - start) / 1e6;
		}
		catch (Exception ex) {
			throw new IllegalStateException("The plain application did not start: " + ex + "\n" + output, ex);
		}
		finally {
			process.destroy();
			process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	private double mydStart(int run) throws InterruptedException {
		Path dir = Launcher.mkdirs(this.launcher.work().resolve("startup-" + run));
		Path socket = dir.resolve("myd").resolve("myd.sock");
		List<String> jvm = new ArrayList<>(this.launcher.serverJvmOptions());
		jvm.addAll(this.launcher.mydArguments());
		java.util.Map<String, String> environment = java.util.Map.of("XDG_RUNTIME_DIR", dir.toString());
		long start = System.nanoTime();
		try (ChildJvm child = ChildJvm.start("myd", jvm, environment, dir.resolve("output.log"))) {
			long deadline = start + TimeUnit.SECONDS.toNanos(120);
			while (System.nanoTime() < deadline) {
				if (answersPing(socket)) {
					return (System.nanoTime() - start) / 1e6;
				}
				if (!child.isAlive()) {
					throw new IllegalStateException("myd exited:\n" + child.output());
				}
				Thread.sleep(1);
			}
			throw new IllegalStateException("myd did not answer in time:\n" + child.output());
		}
	}

	private static boolean answersPing(Path socket) {
		try (SocketChannel channel = LoadGenerator.open(socket)) {
			channel.write(ByteBuffer.wrap("{\"id\":1,\"method\":\"Ping\"}\n".getBytes(StandardCharsets.US_ASCII)));
			String line = new String(Launcher.readLine(channel), StandardCharsets.UTF_8);
			return line.equals("{\"id\":1,\"result\":{\"pong\":true}}");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Median start-up times.
	 *
	 * @param plainMillis the plain Spring Boot application
	 * @param mydMillis myd
	 */
	record Result(double plainMillis, double mydMillis) {

	}

}
