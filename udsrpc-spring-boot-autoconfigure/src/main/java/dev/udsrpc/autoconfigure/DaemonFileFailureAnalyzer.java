package dev.udsrpc.autoconfigure;

import java.nio.file.Path;

import dev.udsrpc.daemon.DaemonFileException;
import dev.udsrpc.daemon.internal.PosixUser;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} that performs analysis of failures caused by a
 * {@link DaemonFileException}: the runtime directory, PID file or socket cannot be
 * created.
 *
 * @since 0.1.0
 */
class DaemonFileFailureAnalyzer extends AbstractFailureAnalyzer<DaemonFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DaemonFileException cause) {
		String description = "The udsrpc daemon cannot create its " + cause.kind().description() + " '" + cause.path()
				+ "': " + cause.reason() + ".";
		String user = "the user running the application (uid " + PosixUser.currentUid() + ")";
		Path parent = cause.path().toAbsolutePath().getParent();
		String action = switch (cause.kind()) {
			case RUNTIME_DIRECTORY -> "Point udsrpc.runtime-dir at a directory that " + user
					+ " can create, or create '" + cause.path() + "' owned by that user with mode 700.";
			case PID_FILE -> "Point udsrpc.daemon.pid-file at a file in a directory that " + user
					+ " can write, or make '" + parent + "' such a directory.";
			case SOCKET -> "Point udsrpc.server.socket-path (or udsrpc.runtime-dir) at a directory that " + user
					+ " can write, or make '" + parent + "' such a directory.";
		};
		return new FailureAnalysis(description, action, cause);
	}

}
