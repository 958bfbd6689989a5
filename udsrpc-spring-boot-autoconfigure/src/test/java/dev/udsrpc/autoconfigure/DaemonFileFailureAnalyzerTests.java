package dev.udsrpc.autoconfigure;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import dev.udsrpc.daemon.DaemonFileException;
import dev.udsrpc.daemon.internal.PosixUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DaemonFileFailureAnalyzer}.
 */
class DaemonFileFailureAnalyzerTests {

	@Test
	void anUnwritableRuntimeDirectoryNamesThePropertyAndTheUser() {
		Path dir = Path.of("/var/lib/myapp");
		DaemonFileException ex = new DaemonFileException(DaemonFileException.Kind.RUNTIME_DIRECTORY, dir,
				new AccessDeniedException(dir.toString()));
		FailureAnalysis analysis = new DaemonFileFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start", ex));
		assertThat(analysis.getDescription())
			.isEqualTo("The udsrpc daemon cannot create its runtime directory '/var/lib/myapp': Permission denied.");
		assertThat(analysis.getAction()).isEqualTo("Point udsrpc.runtime-dir at a directory that the user running "
				+ "the application (uid " + PosixUser.currentUid()
				+ ") can create, or create '/var/lib/myapp' owned by that user with mode 700.");
	}

	@Test
	void aSocketThatCannotBeBoundNamesTheSocketPath() {
		Path socket = Path.of("/run/app/app.sock");
		DaemonFileException ex = new DaemonFileException(DaemonFileException.Kind.SOCKET, socket,
				new java.net.SocketException("Not a directory"));
		FailureAnalysis analysis = new DaemonFileFailureAnalyzer().analyze(ex);
		assertThat(analysis.getDescription())
			.isEqualTo("The udsrpc daemon cannot create its socket '/run/app/app.sock': Not a directory.");
		assertThat(analysis.getAction()).startsWith("Point udsrpc.server.socket-path (or udsrpc.runtime-dir) at")
			.endsWith("or make '/run/app' such a directory.");
	}

}
