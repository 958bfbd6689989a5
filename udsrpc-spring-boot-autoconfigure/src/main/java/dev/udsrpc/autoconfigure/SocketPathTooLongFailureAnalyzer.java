package dev.udsrpc.autoconfigure;

import dev.udsrpc.daemon.SocketPathTooLongException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} that performs analysis of failures caused by a
 * {@link SocketPathTooLongException}.
 *
 * @since 0.1.0
 */
class SocketPathTooLongFailureAnalyzer extends AbstractFailureAnalyzer<SocketPathTooLongException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SocketPathTooLongException cause) {
		String description = "The udsrpc server could not bind its socket: the path '" + cause.path() + "' is "
				+ cause.length() + " bytes long, but Unix domain socket paths on this platform must be shorter than "
				+ cause.limit() + " bytes.";
		String action = "Use a shorter udsrpc.runtime-dir or udsrpc.server.socket-path.";
		return new FailureAnalysis(description, action, cause);
	}

}
