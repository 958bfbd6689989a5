package dev.udsrpc.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.daemon.UnsafeRuntimeDirectoryException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnsafeRuntimeDirectoryFailureAnalyzer}.
 */
class UnsafeRuntimeDirectoryFailureAnalyzerTests {

	@Test
	void analysisExplainsWhyDirectoryIsRefusedAndHowToFixIt() {
		UnsafeRuntimeDirectoryException ex = new UnsafeRuntimeDirectoryException(Path.of("/tmp/app-1000"),
				"is group or other writable (rwxrwxrwx)");
		FailureAnalysis analysis = new UnsafeRuntimeDirectoryFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start", ex));
		assertThat(analysis.getDescription())
			.isEqualTo("Runtime directory '/tmp/app-1000' is group or other writable (rwxrwxrwx). The runtime "
					+ "directory holds the socket and the PID file, so it must be a directory that only its owner, "
					+ "the user running the application, can write to.");
		assertThat(analysis.getAction()).isEqualTo("Make '/tmp/app-1000' a directory owned by uid "
				+ PosixUser.currentUid() + " and not writable by group or others (for example: chmod 700 "
				+ "'/tmp/app-1000'), remove it so that it is created again, or point udsrpc.runtime-dir at another "
				+ "directory.");
		assertThat(analysis.getCause()).isSameAs(ex);
	}

	@Test
	void analyzerIsRegisteredInSpringFactories() {
		// Spring Boot's own analyzers need constructor arguments: skip them
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (factoryType, factoryImplementationName, failure) -> {
			});
		assertThat(analyzers).hasAtLeastOneElementOfType(UnsafeRuntimeDirectoryFailureAnalyzer.class);
	}

}
