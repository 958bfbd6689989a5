package dev.udsrpc.autoconfigure;

import dev.udsrpc.daemon.AlreadyRunningException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} that performs analysis of failures caused by an
 * {@link AlreadyRunningException}.
 *
 * @since 0.1.0
 */
class AlreadyRunningFailureAnalyzer extends AbstractFailureAnalyzer<AlreadyRunningException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AlreadyRunningException cause) {
		String description = cause.getMessage() + " and holds the lock on PID file '" + cause.pidFile() + "'.";
		String stop = cause.pid().isPresent() ? "Stop the running instance (kill " + cause.pid().getAsLong() + ")"
				: "Stop the running instance";
		String action = stop + " or, to run a second one, give it its own runtime directory with udsrpc.runtime-dir.";
		return new FailureAnalysis(description, action, cause);
	}

}
