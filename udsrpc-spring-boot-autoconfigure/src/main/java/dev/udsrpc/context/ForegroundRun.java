package dev.udsrpc.context;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code run} command: the daemon in the foreground. A class of its own, so that the
 * other commands load nothing of Spring Boot.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ForegroundRun {

	private ForegroundRun() {
	}

	static @Nullable ConfigurableApplicationContext run(Class<?> source, String[] args) {
		try {
			return SpringApplication.run(source, args);
		}
		catch (SpringApplication.AbandonedRunException ex) {
			// Spring Boot ends the run on purpose, such as to process the application
			// ahead
			// of time
			throw ex;
		}
		catch (Throwable ex) {
			// SpringApplication has reported the failure already
			UdsRpcApplication.exit(1);
			return null;
		}
	}

}
