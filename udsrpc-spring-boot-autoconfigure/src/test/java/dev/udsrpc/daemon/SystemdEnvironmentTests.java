package dev.udsrpc.daemon;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import dev.udsrpc.daemon.internal.SocketActivation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for reading {@link SystemdNotifier} and {@link SocketActivation} settings from
 * the environment.
 */
class SystemdEnvironmentTests {

	@Test
	void notifiesOnlyWhenNotifySocketIsSet() {
		assertThat(SystemdNotifier.fromEnvironment(Map.of(), 42)).isEmpty();
		assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), 42)).isPresent();
		assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@/org/freedesktop/systemd1/notify"), 42))
			.isPresent();
	}

	@Test
	void pingsTheWatchdogAtHalfItsTimeoutForThisProcessOnly() {
		assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/n", "WATCHDOG_USEC", "10000000"), 42)
			.flatMap(SystemdNotifier::watchdogInterval)).contains(Duration.ofSeconds(5));
		assertThat(SystemdNotifier
			.fromEnvironment(Map.of("NOTIFY_SOCKET", "/n", "WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "42"), 42)
			.flatMap(SystemdNotifier::watchdogInterval)).contains(Duration.ofSeconds(5));
		assertThat(SystemdNotifier
			.fromEnvironment(Map.of("NOTIFY_SOCKET", "/n", "WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "7"), 42)
			.flatMap(SystemdNotifier::watchdogInterval)).isEmpty();
		assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/n"), 42)
			.flatMap(SystemdNotifier::watchdogInterval)).isEmpty();
	}

	@Test
	void takesTheInheritedSocketOnlyWhenListenPidNamesThisProcess() {
		assertThat(SocketActivation.listeningDescriptor(Map.of(), 42, null)).isEmpty();
		assertThat(SocketActivation.listeningDescriptor(Map.of("LISTEN_PID", "7", "LISTEN_FDS", "1"), 42, null))
			.isEmpty();
		assertThat(SocketActivation.listeningDescriptor(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "0"), 42, null))
			.isEmpty();
		assertThat(SocketActivation.listeningDescriptor(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"), 42, null))
			.isEqualTo(OptionalInt.of(3));
	}

	@Test
	void picksTheSocketByName() {
		Map<String, String> environment = Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "other:myd");
		assertThat(SocketActivation.listeningDescriptor(environment, 42, "myd")).isEqualTo(OptionalInt.of(4));
		assertThat(SocketActivation.listeningDescriptor(environment, 42, "none")).isEqualTo(OptionalInt.of(3));
	}

}
