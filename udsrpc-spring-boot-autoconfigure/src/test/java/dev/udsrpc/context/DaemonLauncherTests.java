package dev.udsrpc.context;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DaemonLauncher#javaCommand}.
 */
class DaemonLauncherTests {

	private static final Path LOG = Path.of("/home/me/.local/state/myd/myd.out");

	@Test
	void runsTheApplicationWithItsOptionsMarkedAsDetachedAndLoggingBesideItsOutput() {
		assertThat(DaemonLauncher.javaCommand("/usr/bin/java", List.of("-XX:+UseSerialGC", "-Xmx64m"),
				List.of("-jar", "/opt/myd.jar"), List.of("--x=1"), List.of("--debug"), LOG))
			.containsExactly("/usr/bin/java", "-XX:+UseSerialGC", "-Xmx64m", "-Dudsrpc.daemon.detached=true", "-jar",
					"/opt/myd.jar", "run", "--x=1", "--debug", "--logging.file.name=/home/me/.local/state/myd/myd.log",
					"--logging.threshold.console=ERROR");
	}

	@Test
	void keepsALogFileNamedByTheArguments() {
		assertThat(DaemonLauncher.javaCommand("java", List.of(), List.of("-cp", "/a:/b", "my.App"),
				List.of("--logging.file.name=/var/log/x.log"), List.of(), Path.of("/var/log/x")))
			.containsExactly("java", "-Dudsrpc.daemon.detached=true", "-cp", "/a:/b", "my.App", "run",
					"--logging.file.name=/var/log/x.log", "--logging.threshold.console=ERROR");
	}

}
