package dev.udsrpc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a short-lived command, such as {@code java -jar myd.jar call Ping}: its wall
 * time from spawning it to its exit, and, when sampled, its peak resident set
 * ({@code VmHWM} of {@code /proc/<pid>/status}, read every millisecond until it exits;
 * sampling costs CPU, so timed runs are not sampled).
 *
 * @param millis the wall time
 * @param peakRssKb the peak resident set, or 0 if not sampled
 * @param status the exit status
 * @param output what it printed
 * @author udsrpc authors
 * @since 0.1.0
 */
record CommandRun(double millis, long peakRssKb, int status, String output) {

	static CommandRun run(List<String> command, Map<String, String> environment, boolean sampleMemory) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		try {
			Path output = Files.createTempFile("udsrpc-command-", ".txt");
			builder.redirectOutput(output.toFile());
			long start = System.nanoTime();
			Process process = builder.start();
			long peak = 0;
			if (sampleMemory) {
				Path status = Path.of("/proc", Long.toString(process.pid()), "status");
				while (process.isAlive()) {
					peak = Math.max(peak, highWaterMark(status));
					Thread.sleep(1);
				}
			}
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish");
			}
			double millis = (System.nanoTime() - start) / 1e6;
			String text = Files.readString(output, StandardCharsets.UTF_8);
			Files.delete(output);
			return new CommandRun(millis, peak, process.exitValue(), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long highWaterMark(Path status) {
		try {
			for (String line : Files.readAllLines(status)) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// it has just exited
		}
		return 0;
	}

}
