package dev.udsrpc.daemon;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Sends state changes to the service manager ({@code sd_notify(3)}): one datagram per
 * call to the socket named by {@code NOTIFY_SOCKET} (a path, or an abstract name starting
 * with {@code @}). Failures are logged, never thrown: a daemon must not fail because its
 * supervisor went away.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class SystemdNotifier {

	private static final System.Logger logger = System.getLogger(SystemdNotifier.class.getName());

	private final AFUNIXSocketAddress address;

	private final String description;

	private final @Nullable Duration watchdogInterval;

	private SystemdNotifier(AFUNIXSocketAddress address, String description, @Nullable Duration watchdogInterval) {
		this.address = address;
		this.description = description;
		this.watchdogInterval = watchdogInterval;
	}

	/**
	 * Create a notifier from the process environment.
	 * @return the notifier, or empty when not started by a service manager that listens
	 */
	public static Optional<SystemdNotifier> fromEnvironment() {
		return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
	}

	/**
	 * Create a notifier from the given environment.
	 * @param environment the environment variables
	 * @param pid the PID of this process, to match {@code WATCHDOG_PID}
	 * @return the notifier, or empty when {@code NOTIFY_SOCKET} is not set
	 */
	public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> environment, long pid) {
		Objects.requireNonNull(environment, "'environment' must not be null");
		String socket = environment.get("NOTIFY_SOCKET");
		if (socket == null || socket.isEmpty()) {
			return Optional.empty();
		}
		try {
			AFUNIXSocketAddress address = socket.startsWith("@")
					? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1))
					: AFUNIXSocketAddress.of(Path.of(socket));
			return Optional.of(new SystemdNotifier(address, socket, watchdogInterval(environment, pid)));
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Ignoring NOTIFY_SOCKET '" + socket + "': " + ex.getMessage());
			return Optional.empty();
		}
	}

	private static @Nullable Duration watchdogInterval(Map<String, String> environment, long pid) {
		String usec = environment.get("WATCHDOG_USEC");
		if (usec == null || usec.isEmpty()) {
			return null;
		}
		String watchdogPid = environment.get("WATCHDOG_PID");
		try {
			if (watchdogPid != null && !watchdogPid.isEmpty() && Long.parseLong(watchdogPid) != pid) {
				return null;
			}
			long micros = Long.parseLong(usec);
			// ping at half the interval, as sd_watchdog_enabled(3) recommends
			return (micros > 0) ? Duration.ofNanos(micros * 1000 / 2) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Return how often the service manager expects {@code WATCHDOG=1}.
	 * @return half the watchdog timeout, or empty when no watchdog is asked for
	 */
	public Optional<Duration> watchdogInterval() {
		return Optional.ofNullable(this.watchdogInterval);
	}

	/**
	 * Send {@code READY=1} with a status line.
	 * @param status the status, or {@code null}
	 */
	public void ready(@Nullable String status) {
		send((status != null) ? "READY=1\nSTATUS=" + status : "READY=1");
	}

	/**
	 * Send {@code RELOADING=1} with {@code MONOTONIC_USEC}, in one datagram, as
	 * {@code Type=notify-reload} requires.
	 */
	public void reloading() {
		send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros());
	}

	/**
	 * Send {@code STOPPING=1}.
	 */
	public void stopping() {
		send("STOPPING=1");
	}

	/**
	 * Send {@code WATCHDOG=1}.
	 */
	public void watchdog() {
		send("WATCHDOG=1");
	}

	/**
	 * Send a {@code STATUS=} line.
	 * @param status the status
	 */
	public void status(String status) {
		send("STATUS=" + status);
	}

	/**
	 * Send a message of newline-separated assignments.
	 * @param message the message
	 */
	public void send(String message) {
		try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
			channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), this.address);
		}
		catch (IOException ex) {
			logger.log(Level.WARNING,
					"Cannot notify the service manager at " + this.description + ": " + ex.getMessage());
		}
	}

	/**
	 * Return {@code CLOCK_MONOTONIC} in microseconds: on Linux, {@link System#nanoTime()}
	 * reads that clock.
	 */
	static long monotonicMicros() {
		return System.nanoTime() / 1000;
	}

	@Override
	public String toString() {
		return "SystemdNotifier[" + this.description + "]";
	}

}
