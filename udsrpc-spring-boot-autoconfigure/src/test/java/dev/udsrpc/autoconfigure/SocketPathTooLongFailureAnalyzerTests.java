package dev.udsrpc.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import dev.udsrpc.daemon.SocketPathTooLongException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketPathTooLongFailureAnalyzer}.
 */
class SocketPathTooLongFailureAnalyzerTests {

	@Test
	void analysisGivesLengthAndLimitAndSuggestsShorterPath() {
		Path path = Path.of("/very/long/path/app.sock");
		SocketPathTooLongException ex = new SocketPathTooLongException(path, 120, 108);
		FailureAnalysis analysis = new SocketPathTooLongFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start", ex));
		assertThat(analysis.getDescription())
			.isEqualTo("The udsrpc server could not bind its socket: the path '/very/long/path/app.sock' is 120 "
					+ "bytes long, but Unix domain socket paths on this platform must be shorter than 108 bytes.");
		assertThat(analysis.getAction()).isEqualTo("Use a shorter udsrpc.runtime-dir or udsrpc.server.socket-path.");
		assertThat(analysis.getCause()).isSameAs(ex);
	}

	@Test
	void analyzerIsRegisteredInSpringFactories() {
		// Spring Boot's own analyzers need constructor arguments: skip them
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (factoryType, factoryImplementationName, failure) -> {
			});
		assertThat(analyzers).hasAtLeastOneElementOfType(SocketPathTooLongFailureAnalyzer.class);
	}

}
