package dev.udsrpc.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Checks the ranges of {@link UdsRpcProperties} when they are bound, so that a value out
 * of range fails the start with a failure analysis naming the property. Fields are named
 * as properties, relative to {@code udsrpc}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class UdsRpcPropertiesValidator {

	private UdsRpcPropertiesValidator() {
	}

	static void validate(UdsRpcProperties properties, Errors errors) {
		UdsRpcServerProperties server = properties.getServer();
		atLeastOne(errors, "server.max-connections", server.getMaxConnections());
		atLeastOne(errors, "server.max-requests-in-flight", server.getMaxRequestsInFlight());
		atLeastOne(errors, "server.max-batch-size", server.getMaxBatchSize());
		atLeastOne(errors, "server.worker-threads", server.getWorkerThreads());
		atLeastOne(errors, "server.max-nesting-depth", server.getMaxNestingDepth());
		atLeastOne(errors, "server.max-string-length", server.getMaxStringLength());
		atLeastOne(errors, "server.max-number-length", server.getMaxNumberLength());
		atLeastOne(errors, "server.max-connections-per-uid", server.getMaxConnectionsPerUid());
		if (server.getBacklog() != null) {
			atLeastOne(errors, "server.backlog", server.getBacklog());
		}
		if (server.getMaxBufferedInput() != null && server.getMaxBufferedInput().toBytes() < 1) {
			errors.rejectValue("server.max-buffered-input", "udsrpc.range", "must be at least 1B");
		}
		positive(errors, "server.partial-line-timeout", server.getPartialLineTimeout());
		DataSize maxMessageSize = server.getMaxMessageSize();
		if (maxMessageSize.toBytes() < 1 || maxMessageSize.toBytes() > Integer.MAX_VALUE) {
			errors.rejectValue("server.max-message-size", "udsrpc.range",
					"must be from 1B to " + Integer.MAX_VALUE + "B");
		}
		if (server.getMaxQueuedBytes().toBytes() < 1) {
			errors.rejectValue("server.max-queued-bytes", "udsrpc.range", "must be at least 1B");
		}
		try {
			UdsRpcServerAutoConfiguration.permissions(server.getSocketPermissions());
		}
		catch (IllegalArgumentException ex) {
			errors.rejectValue("server.socket-permissions", "udsrpc.permissions",
					"must be symbolic (rw-------) or octal (600) permissions");
		}
		notNegative(errors, "server.allowed-uids", server.getAllowedUids());
		notNegative(errors, "server.allowed-gids", server.getAllowedGids());
		positive(errors, "daemon.start-timeout", properties.getDaemon().getStartTimeout());
		positive(errors, "daemon.stop-timeout", properties.getDaemon().getStopTimeout());
	}

	private static void atLeastOne(Errors errors, String property, int value) {
		if (value < 1) {
			errors.rejectValue(property, "udsrpc.range", "must be at least 1");
		}
	}

	private static void notNegative(Errors errors, String property, List<Long> ids) {
		if (ids.stream().anyMatch((id) -> id < 0)) {
			errors.rejectValue(property, "udsrpc.range", "must not be negative");
		}
	}

	private static void positive(Errors errors, String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			errors.rejectValue(property, "udsrpc.range", "must be positive");
		}
	}

}
