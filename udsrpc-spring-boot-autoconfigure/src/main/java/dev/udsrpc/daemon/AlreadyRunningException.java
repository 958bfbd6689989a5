package dev.udsrpc.daemon;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Thrown on start when another instance of the application holds the lock on the PID
 * file.
 *
 * @since 0.1.0
 */
public class AlreadyRunningException extends RuntimeException {

	private final String appName;

	private final OptionalLong pid;

	private final Path pidFile;

	/**
	 * Create a new instance.
	 * @param appName the application name
	 * @param pid the PID of the running instance, if known
	 * @param pidFile the locked PID file
	 */
	public AlreadyRunningException(String appName, OptionalLong pid, Path pidFile) {
		super(message(appName, pid));
		this.appName = appName;
		this.pid = pid;
		this.pidFile = Objects.requireNonNull(pidFile, "'pidFile' must not be null");
	}

	private static String message(String appName, OptionalLong pid) {
		Objects.requireNonNull(appName, "'appName' must not be null");
		Objects.requireNonNull(pid, "'pid' must not be null");
		return "Another instance of '" + appName + "' is already running (PID "
				+ (pid.isPresent() ? Long.toString(pid.getAsLong()) : "unknown") + ")";
	}

	/**
	 * Return the name of the application that is already running.
	 * @return the application name
	 */
	public String appName() {
		return this.appName;
	}

	/**
	 * Return the PID of the running instance, as read from the PID file, if known.
	 * @return the PID or an empty value when the PID file held no readable PID
	 */
	public OptionalLong pid() {
		return this.pid;
	}

	/**
	 * Return the PID file locked by the running instance.
	 * @return the PID file
	 */
	public Path pidFile() {
		return this.pidFile;
	}

}
