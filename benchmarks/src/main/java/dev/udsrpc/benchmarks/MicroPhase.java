package dev.udsrpc.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH microbenchmarks of the codec and the invoker, in a forked JVM.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class MicroPhase {

	private final Options options;

	MicroPhase(Options options) {
		this.options = options;
	}

	List<Score> run() throws RunnerException {
		BenchmarkRunner.log("Running the JMH microbenchmarks");
		TimeValue time = TimeValue.milliseconds(this.options.jmhTime.toMillis());
		org.openjdk.jmh.runner.options.Options jmh = new OptionsBuilder()
			.include("dev\\.udsrpc\\.benchmarks\\.jmh\\..*")
			.forks(1)
			.warmupIterations(this.options.jmhIterations)
			.warmupTime(time)
			.measurementIterations(this.options.jmhIterations)
			.measurementTime(time)
			.timeUnit(TimeUnit.NANOSECONDS)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(jmh).run();
		List<Score> scores = new ArrayList<>();
		for (RunResult result : results) {
			String name = result.getParams().getBenchmark();
			name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
			scores.add(new Score(name, result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError(),
					result.getPrimaryResult().getScoreUnit()));
		}
		return scores;
	}

	/**
	 * The score of one benchmark.
	 *
	 * @param name the benchmark
	 * @param score the average time
	 * @param error the 99.9% confidence half-interval
	 * @param unit the unit
	 */
	record Score(String name, double score, double error, String unit) {

	}

}
