package dev.udsrpc.autoconfigure;

import dev.udsrpc.daemon.NotASocketException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} that performs analysis of failures caused by a
 * {@link NotASocketException}.
 *
 * @since 0.1.0
 */
class NotASocketFailureAnalyzer extends AbstractFailureAnalyzer<NotASocketException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NotASocketException cause) {
		String description = "The udsrpc server could not bind its socket: '" + cause.path()
				+ "' already exists and is " + cause.description() + ", not a socket. It was left untouched.";
		String action = "Remove or move '" + cause.path() + "' yourself, or point udsrpc.server.socket-path elsewhere.";
		return new FailureAnalysis(description, action, cause);
	}

}
