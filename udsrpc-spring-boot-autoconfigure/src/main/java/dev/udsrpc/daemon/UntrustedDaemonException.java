package dev.udsrpc.daemon;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by clients and commands when what they find at a daemon's location cannot be
 * trusted to be the daemon: its runtime directory, PID file or socket belongs to another
 * user than the one the daemon is expected to run as, or the PID it reports is not a
 * process of that user.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UntrustedDaemonException extends RuntimeException {

	private final Path path;

	private final String reason;

	/**
	 * Create a new instance.
	 * @param what what is refused, for example {@code "the runtime directory"}
	 * @param path the refused path
	 * @param reason why, phrased to follow "it", for example
	 * {@code "is owned by uid 1001, not by uid 1000"}
	 */
	public UntrustedDaemonException(String what, Path path, String reason) {
		this(what, path, reason, null);
	}

	/**
	 * Create a new instance.
	 * @param what what is refused, for example {@code "the runtime directory"}
	 * @param path the refused path
	 * @param reason why, phrased to follow "it"
	 * @param cause the failed check, or {@code null}
	 */
	public UntrustedDaemonException(String what, Path path, String reason, @Nullable Throwable cause) {
		super("Not trusting " + Objects.requireNonNull(what, "'what' must not be null") + " '"
				+ Objects.requireNonNull(path, "'path' must not be null") + "': it "
				+ Objects.requireNonNull(reason, "'reason' must not be null"), cause);
		this.path = path;
		this.reason = reason;
	}

	/**
	 * Return the refused path.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return why the path is refused.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

}
