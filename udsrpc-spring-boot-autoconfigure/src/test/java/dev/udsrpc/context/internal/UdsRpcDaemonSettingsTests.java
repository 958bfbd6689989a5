package dev.udsrpc.context.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.daemon.internal.UserAccount;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link UdsRpcDaemonSettings}.
 */
class UdsRpcDaemonSettingsTests {

	@Test
	void usesTheApplicationNameAndDefaults() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "myd")
			.withProperty("udsrpc.runtime-dir", "/run/x");
		UdsRpcDaemonSettings settings = UdsRpcDaemonSettings.of(environment);
		assertThat(settings.location().appName()).isEqualTo("myd");
		assertThat(settings.location().socketPath()).isEqualTo(Path.of("/run/x/myd.sock"));
		assertThat(settings.location().pidFile()).isEqualTo(Path.of("/run/x/myd.pid"));
		assertThat(settings.logFile().getFileName()).hasToString("myd.out");
		assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(60));
		assertThat(settings.umask()).isNull();
		assertThat(settings.properties().getEnvironment()).isEmpty();
	}

	@Test
	void prefersTheUdsrpcAppNameAndExplicitPaths() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "ignored")
			.withProperty("udsrpc.app-name", "other")
			.withProperty("udsrpc.runtime-dir", "/run/x")
			.withProperty("udsrpc.server.socket-path", "/run/y/s.sock")
			.withProperty("udsrpc.daemon.pid-file", "/run/y/p.pid")
			.withProperty("udsrpc.daemon.log-file", "/var/log/other.out")
			.withProperty("udsrpc.daemon.start-timeout", "5s")
			.withProperty("udsrpc.daemon.umask", "027")
			.withProperty("udsrpc.daemon.environment.LANG", "C")
			.withProperty("udsrpc.daemon.arguments[0]", "--debug")
			.withProperty("udsrpc.daemon.user", "daemon");
		UdsRpcDaemonSettings settings = UdsRpcDaemonSettings.of(environment);
		assertThat(settings.location().appName()).isEqualTo("other");
		assertThat(settings.location().socketPath()).isEqualTo(Path.of("/run/y/s.sock"));
		assertThat(settings.location().pidFile()).isEqualTo(Path.of("/run/y/p.pid"));
		assertThat(settings.logFile()).isEqualTo(Path.of("/var/log/other.out"));
		assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.umask()).isEqualTo("027");
		assertThat(settings.properties().getEnvironment()).isEqualTo(Map.of("LANG", "C"));
		assertThat(settings.properties().getArguments()).isEqualTo(List.of("--debug"));
		assertThat(settings.user()).isEqualTo("daemon");
	}

	@Test
	void resolvesTheLocationAndTheLogAsTheUserTheDaemonRunsAs() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "myd")
			.withProperty("udsrpc.daemon.user", "nobody");
		UdsRpcDaemonSettings settings = UdsRpcDaemonSettings.of(environment);
		assertThat(settings.account()).isNotNull().satisfies((account) -> assertThat(account.uid()).isEqualTo(65534));
		assertThat(settings.trust().owner()).isEqualTo(65534);
		// the daemon's environment has no XDG_RUNTIME_DIR of the caller's
		Path runtimeDir = Path.of(System.getProperty("java.io.tmpdir"), "myd-65534");
		assertThat(settings.location().runtimeDir()).isEqualTo(runtimeDir);
		assertThat(settings.location().socketPath()).isEqualTo(runtimeDir.resolve("myd.sock"));
		// nobody's home, /nonexistent, does not exist
		assertThat(settings.logFile()).isEqualTo(runtimeDir.resolve("myd.out"));
		assertThat(settings.daemonEnvironment(Map.of("XDG_RUNTIME_DIR", "/run/user/0"))).containsEntry("USER", "nobody")
			.doesNotContainKey("XDG_RUNTIME_DIR");
	}

	@Test
	void resolvesTheLogOfAnotherUserInItsStateDirectoryWhenItIsGiven() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "myd")
			.withProperty("udsrpc.daemon.user", "nobody")
			.withProperty("udsrpc.daemon.environment.XDG_STATE_HOME", "/var/lib/myd/state")
			.withProperty("udsrpc.daemon.environment.XDG_RUNTIME_DIR", "/run/myd");
		UdsRpcDaemonSettings settings = UdsRpcDaemonSettings.of(environment);
		assertThat(settings.location().runtimeDir()).isEqualTo(Path.of("/run/myd/myd"));
		assertThat(settings.logFile()).isEqualTo(Path.of("/var/lib/myd/state/myd/myd.out"));
	}

	@Test
	void runsAsTheCurrentUserWhenTheUserIsTheCurrentOne() {
		MockEnvironment environment = new MockEnvironment().withProperty("udsrpc.daemon.user",
				Long.toString(PosixUser.currentUid()));
		assumeTrue(PosixUser.currentGid() == UserAccount.lookup(Long.toString(PosixUser.currentUid())).gid(),
				"runs with its primary group");
		UdsRpcDaemonSettings settings = UdsRpcDaemonSettings.of(environment);
		assertThat(settings.account()).isNull();
		assertThat(settings.trust().owner()).isEqualTo(PosixUser.currentUid());
	}

	@Test
	void refusesAUserThatDoesNotExist() {
		MockEnvironment environment = new MockEnvironment().withProperty("udsrpc.daemon.user", "no-such-user-here");
		assertThatIllegalArgumentException().isThrownBy(() -> UdsRpcDaemonSettings.of(environment))
			.withMessage("No user 'no-such-user-here' in the user database (udsrpc.daemon.user)");
	}

	@Test
	void fallsBackToADefaultName() {
		assertThat(UdsRpcDaemonSettings.appName(new MockEnvironment())).isEqualTo("udsrpc");
	}

}
