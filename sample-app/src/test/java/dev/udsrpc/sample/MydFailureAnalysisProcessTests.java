package dev.udsrpc.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code myd} with each configuration mistake the starter can report, and checks
 * that it ends with a failure analysis naming the property, not with a stack trace.
 */
class MydFailureAnalysisProcessTests {

	@TempDir
	Path xdg;

	static Stream<Arguments> misconfigurations() {
		return Stream.of(Arguments.of("udsrpc.server.max-connections", "-5", "must be at least 1"),
				Arguments.of("udsrpc.server.worker-threads", "0", "must be at least 1"),
				Arguments.of("udsrpc.server.max-requests-in-flight", "0", "must be at least 1"),
				Arguments.of("udsrpc.server.max-batch-size", "-1", "must be at least 1"),
				Arguments.of("udsrpc.server.max-nesting-depth", "0", "must be at least 1"),
				Arguments.of("udsrpc.server.max-string-length", "-1", "must be at least 1"),
				Arguments.of("udsrpc.server.max-number-length", "0", "must be at least 1"),
				Arguments.of("udsrpc.server.max-message-size", "3GB", "must be from 1B to 2147483647B"),
				Arguments.of("udsrpc.server.max-queued-bytes", "0B", "must be at least 1B"),
				Arguments.of("udsrpc.server.socket-permissions", "999",
						"must be symbolic (rw-------) or octal (600) permissions"),
				Arguments.of("udsrpc.server.allowed-uids", "-1", "must not be negative"),
				Arguments.of("udsrpc.daemon.stop-timeout", "-1s", "must be positive"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("misconfigurations")
	void anOutOfRangePropertyIsReportedByNameWithItsReason(String property, String value, String reason)
			throws Exception {
		MydProcess daemon = MydProcess.start(this.xdg, "--" + property + "=" + value);
		assertThat(daemon.awaitExit()).isNotZero();
		assertFailureAnalysis(daemon.output()).contains("Property: " + property, "Value: \"" + value,
				"Reason: " + reason, "Change " + property);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("uncreatablePaths")
	void aPathThatCannotBeCreatedIsReportedWithTheProperty(String property, String relativePath, String what)
			throws Exception {
		// a regular file where a directory is needed: root cannot create it either
		Files.writeString(this.xdg.resolve("file"), "x");
		Path path = this.xdg.resolve(relativePath);
		MydProcess daemon = MydProcess.start(this.xdg, "--" + property + "=" + path);
		assertThat(daemon.awaitExit()).isNotZero();
		assertFailureAnalysis(daemon.output())
			.contains("cannot create its " + what + " '" + path + "': Not a directory", property);
	}

	static Stream<Arguments> uncreatablePaths() {
		return Stream.of(Arguments.of("udsrpc.runtime-dir", "file/run", "runtime directory"),
				Arguments.of("udsrpc.server.socket-path", "file/myd.sock", "socket"),
				Arguments.of("udsrpc.daemon.pid-file", "file/myd.pid", "PID file"));
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertFailureAnalysis(String output) {
		assertThat(output).contains("APPLICATION FAILED TO START", "Description:", "Action:")
			.doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
			.doesNotContain("Caused by:")
			.doesNotContain("Application run failed");
		return assertThat(output);
	}

}
