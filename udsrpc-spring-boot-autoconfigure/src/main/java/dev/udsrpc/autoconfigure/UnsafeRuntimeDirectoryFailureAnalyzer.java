package dev.udsrpc.autoconfigure;

import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.daemon.UnsafeRuntimeDirectoryException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} that performs analysis of failures caused by an
 * {@link UnsafeRuntimeDirectoryException}.
 *
 * @since 0.1.0
 */
class UnsafeRuntimeDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeRuntimeDirectoryException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafeRuntimeDirectoryException cause) {
		String description = cause.getMessage()
				+ ". The runtime directory holds the socket and the PID file, so it must be a directory that only"
				+ " its owner, the user running the application, can write to.";
		String action = "Make '" + cause.path() + "' a directory owned by uid " + PosixUser.currentUid()
				+ " and not writable by group or others (for example: chmod 700 '" + cause.path()
				+ "'), remove it so that it is created again, or point udsrpc.runtime-dir at another directory.";
		return new FailureAnalysis(description, action, cause);
	}

}
