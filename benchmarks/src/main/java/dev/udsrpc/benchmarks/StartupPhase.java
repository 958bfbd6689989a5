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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.benchmarks.load.LoadGenerator;

/**
 * Time from spawning the JVM to serving. The target compares one small application run
 * twice over: without the starter, until it logs {@code Started}, and with the starter
 * added to its class path, until its first {@code Ping} is answered. Two more are timed
 * to their first {@code Ping}, for information: the floor, the same application answering
 * by hand with Jackson and junixsocket alone (what any server built on them pays), and
 * the sample daemon myd, which adds its own beans and scheduling. All run with the same
 * JVM options and from plain jars, in turns.
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
		List<Double> starter = new ArrayList<>();
		List<Double> floor = new ArrayList<>();
		List<Double> myd = new ArrayList<>();
		// one unmeasured start of each fills the page cache
		plainStart();
		starterStart(0);
		floorStart(0);
		mydStart(0);
		for (int run = 1; run <= this.options.startupRuns; run++) {
			// each application goes first, second, third and last in turn
			for (int turn = 0; turn < 4; turn++) {
				switch ((run + turn) % 4) {
					case 0 -> plain.add(plainStart());
					case 1 -> starter.add(starterStart(run));
					case 2 -> floor.add(floorStart(run));
					default -> myd.add(mydStart(run));
				}
			}
			BenchmarkRunner.log(String.format(
					"Start-up run %d: plain Spring Boot %.0f ms, with the starter %.0f ms, Jackson and junixsocket "
							+ "alone %.0f ms, myd %.0f ms",
					run, plain.get(run - 1), starter.get(run - 1), floor.get(run - 1), myd.get(run - 1)));
		}
		return new Result(BenchmarkRunner.median(plain), BenchmarkRunner.median(starter), BenchmarkRunner.median(floor),
				BenchmarkRunner.median(myd));
	}

	private double plainStart() throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ChildJvm.javaCommand());
		command.addAll(this.launcher.serverJvmOptions());
		command.addAll(this.launcher.plainArguments(false));
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

	private double starterStart(int run) throws InterruptedException {
		List<String> command = new ArrayList<>(this.launcher.serverJvmOptions());
		command.addAll(this.launcher.plainArguments(true));
		return timeToPing("with-starter-" + run, Launcher.PLAIN_NAME, command);
	}

	private double floorStart(int run) throws InterruptedException {
		List<String> command = new ArrayList<>(this.launcher.serverJvmOptions());
		command.addAll(this.launcher.floorArguments());
		return timeToPing("floor-" + run, Launcher.PLAIN_NAME, command);
	}

	private double mydStart(int run) throws InterruptedException {
		List<String> command = new ArrayList<>(this.launcher.serverJvmOptions());
		command.addAll(this.launcher.mydArguments());
		return timeToPing("myd-" + run, "myd", command);
	}

	private double timeToPing(String name, String appName, List<String> jvmAndArguments) throws InterruptedException {
		Path dir = Launcher.mkdirs(this.launcher.work().resolve("startup-" + name));
		Path socket = dir.resolve(appName).resolve(appName + ".sock");
		Map<String, String> environment = Map.of("XDG_RUNTIME_DIR", dir.toString());
		long start = System.nanoTime();
		try (ChildJvm child = ChildJvm.start(name, jvmAndArguments, environment, dir.resolve("output.log"))) {
			long deadline = start + TimeUnit.SECONDS.toNanos(120);
			while (System.nanoTime() < deadline) {
				if (answersPing(socket)) {
					return (System.nanoTime() - start) / 1e6;
				}
				if (!child.isAlive()) {
					throw new IllegalStateException(name + " exited:\n" + child.output());
				}
				Thread.sleep(1);
			}
			throw new IllegalStateException(name + " did not answer in time:\n" + child.output());
		}
	}

	static boolean answersPing(Path socket) {
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
	 * @param plainMillis the small application without the starter
	 * @param starterMillis the same application with the starter
	 * @param floorMillis the same application answering with Jackson and junixsocket
	 * alone
	 * @param mydMillis myd
	 */
	record Result(double plainMillis, double starterMillis, double floorMillis, double mydMillis) {

	}

}
