package dev.udsrpc.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import dev.udsrpc.daemon.AlreadyRunningException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlreadyRunningFailureAnalyzer}.
 */
class AlreadyRunningFailureAnalyzerTests {

	private final AlreadyRunningFailureAnalyzer analyzer = new AlreadyRunningFailureAnalyzer();

	@Test
	void analysisNamesPidAndPidFileOfRunningInstance() {
		AlreadyRunningException ex = new AlreadyRunningException("app", OptionalLong.of(1234),
				Path.of("/run/user/1000/app/app.pid"));
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("Failed to start", ex));
		assertThat(analysis.getDescription())
			.isEqualTo("Another instance of 'app' is already running (PID 1234) and holds the lock on PID file "
					+ "'/run/user/1000/app/app.pid'.");
		assertThat(analysis.getAction()).isEqualTo("Stop the running instance (kill 1234) or, to run a second one, "
				+ "give it its own runtime directory with udsrpc.runtime-dir.");
		assertThat(analysis.getCause()).isSameAs(ex);
	}

	@Test
	void analysisWithUnknownPidDoesNotSuggestKill() {
		AlreadyRunningException ex = new AlreadyRunningException("app", OptionalLong.empty(), Path.of("/x/app.pid"));
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("Failed to start", ex));
		assertThat(analysis.getDescription()).isEqualTo(
				"Another instance of 'app' is already running (PID unknown) and holds the lock on PID file '/x/app.pid'.");
		assertThat(analysis.getAction()).isEqualTo("Stop the running instance or, to run a second one, "
				+ "give it its own runtime directory with udsrpc.runtime-dir.");
	}

	@Test
	void analyzerIsRegisteredInSpringFactories() {
		// Spring Boot's own analyzers need constructor arguments: skip them
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (factoryType, factoryImplementationName, failure) -> {
			});
		assertThat(analyzers).hasAtLeastOneElementOfType(AlreadyRunningFailureAnalyzer.class);
	}

}
