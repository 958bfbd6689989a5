package dev.udsrpc.daemon.internal;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DaemonEnvironment}.
 */
class DaemonEnvironmentTests {

	private static final Map<String, String> CALLER = Map.of("HOME", "/root", "PATH", "/usr/sbin:/usr/bin", "LANG",
			"C.UTF-8", "JAVA_TOOL_OPTIONS", "-Xss1m", "XDG_RUNTIME_DIR", "/run/user/0", "LISTEN_FDS", "1",
			"NOTIFY_SOCKET", "/run/systemd/notify", "SECRET", "s");

	@Test
	void keepsTheCallersEnvironmentButWhatTheServiceManagerMeantForTheCaller() {
		Map<String, String> environment = DaemonEnvironment.of(CALLER, null, Map.of("MODE", "test", "LANG", "C"));
		assertThat(environment).containsEntry("HOME", "/root")
			.containsEntry("XDG_RUNTIME_DIR", "/run/user/0")
			.containsEntry("SECRET", "s")
			.containsEntry("MODE", "test")
			.containsEntry("LANG", "C")
			.doesNotContainKeys("LISTEN_FDS", "NOTIFY_SOCKET");
	}

	@Test
	void givesAnotherUserAnEnvironmentOfItsOwn() {
		UserAccount nobody = new UserAccount("nobody", 65534, 65534, Path.of("/nonexistent"), "/usr/sbin/nologin");
		Map<String, String> environment = DaemonEnvironment.of(CALLER, nobody, Map.of("MODE", "test"));
		assertThat(environment).containsOnly(Map.entry("HOME", "/nonexistent"), Map.entry("USER", "nobody"),
				Map.entry("LOGNAME", "nobody"), Map.entry("SHELL", "/usr/sbin/nologin"),
				Map.entry("PATH", "/usr/local/bin:/usr/bin:/bin"), Map.entry("LANG", "C.UTF-8"),
				Map.entry("JAVA_TOOL_OPTIONS", "-Xss1m"), Map.entry("MODE", "test"));
	}

}
