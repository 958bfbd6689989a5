package dev.udsrpc.context;

/**
 * Thrown when the commands' own reading of the configuration meets something that only
 * Spring Boot's full environment reads faithfully (such as {@code spring.config.import}),
 * so that the settings are read with it instead.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
class FullEnvironmentRequiredException extends RuntimeException {

	FullEnvironmentRequiredException(String reason) {
		super("The configuration uses " + reason, null, false, false);
	}

}
