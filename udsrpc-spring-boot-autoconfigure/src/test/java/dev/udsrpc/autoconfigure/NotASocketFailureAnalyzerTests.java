package dev.udsrpc.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import dev.udsrpc.daemon.NotASocketException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NotASocketFailureAnalyzer}.
 */
class NotASocketFailureAnalyzerTests {

	@Test
	void analysisSaysWhatIsInTheWayAndThatItWasLeftAlone() {
		NotASocketException ex = new NotASocketException(Path.of("/run/user/1000/app/app.sock"), "a regular file");
		FailureAnalysis analysis = new NotASocketFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start", ex));
		assertThat(analysis.getDescription())
			.isEqualTo("The udsrpc server could not bind its socket: '/run/user/1000/app/app.sock' already exists "
					+ "and is a regular file, not a socket. It was left untouched.");
		assertThat(analysis.getAction()).isEqualTo("Remove or move '/run/user/1000/app/app.sock' yourself, "
				+ "or point udsrpc.server.socket-path elsewhere.");
		assertThat(analysis.getCause()).isSameAs(ex);
	}

	@Test
	void analyzerIsRegisteredInSpringFactories() {
		// Spring Boot's own analyzers need constructor arguments: skip them
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (factoryType, factoryImplementationName, failure) -> {
			});
		assertThat(analyzers).hasAtLeastOneElementOfType(NotASocketFailureAnalyzer.class);
	}

}
