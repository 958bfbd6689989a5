package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link DaemonCommandLine}: the command line it builds, and what its script
 * does when run.
 */
class DaemonCommandLineTests {

	private static final List<String> JAVA = List.of("/usr/bin/java", "-jar", "/opt/my apps/myd.jar", "run");

	@TempDir
	Path tempDir;

	@Test
	void parsesOctalUmasks() {
		assertThat(DaemonCommandLine.parseUmask("027")).isEqualTo(027);
		assertThat(DaemonCommandLine.parseUmask("0022")).isEqualTo(022);
		assertThat(DaemonCommandLine.parseUmask("0")).isZero();
		assertThat(DaemonCommandLine.parseUmask("777")).isEqualTo(0777);
	}

	@Test
	void refusesAUmaskThatIsNotAnOctalNumber() {
		for (String umask : List.of("022; touch f", "", "8", "0x1f", "1777", "-022", "$(id)")) {
			assertThatIllegalArgumentException().as(umask)
				.isThrownBy(() -> DaemonCommandLine.parseUmask(umask))
				.withMessage("udsrpc.daemon.umask must be an octal number from 0 to 0777, such as 027, but was '"
						+ umask + "'");
		}
	}

	@Test
	void passesEveryValueToAFixedScriptAsData() {
		Path log = Path.of("/var/log/my d/$(reboot).out");
		List<String> command = DaemonCommandLine.of(JAVA, null, 027, log, true);
		assertThat(command).containsExactly("/bin/sh", "-c", DaemonCommandLine.SCRIPT, "udsrpc-start", "0027",
				"/var/log/my d", "/var/log/my d/$(reboot).out", "setsid", "--fork", "--wait", "/usr/bin/java", "-jar",
				"/opt/my apps/myd.jar", "run");
	}

	@Test
	void switchesToTheUserWithNumericIdsAndItsGroups() {
		UserAccount nobody = new UserAccount("nobody", 65534, 65534, Path.of("/nonexistent"), "/usr/sbin/nologin");
		List<String> command = DaemonCommandLine.of(JAVA, nobody.withGid(4), 022, Path.of("/tmp/myd-65534/myd.out"),
				false);
		assertThat(command)
			.startsWith("setpriv", "--reuid=65534", "--regid=4", "--init-groups", "--", "/bin/sh", "-c",
					DaemonCommandLine.SCRIPT, "udsrpc-start", "0022", "/tmp/myd-65534", "/tmp/myd-65534/myd.out")
			.endsWith(JAVA.toArray(String[]::new))
			.doesNotContain("setsid");
	}

	@Test
	void refusesARelativeLogFileAndAnEmptyCommand() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DaemonCommandLine.of(JAVA, null, 027, Path.of("myd.out"), false))
			.withMessage("'logFile' must be an absolute file path, but was myd.out");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DaemonCommandLine.of(List.of(), null, 027, Path.of("/tmp/myd.out"), false));
	}

	@Test
	void theScriptSetsTheUmaskCreatesAPrivateLogDirectoryAndAppendsToTheLog() throws Exception {
		Path log = this.tempDir.resolve("state/myd/myd.out");
		Result first = run(log, "echo started; umask");
		assertThat(first.status()).as(first.output()).isZero();
		assertThat(first.output()).as("nothing before the log is opened").isEmpty();
		assertThat(Files.readString(log)).isEqualTo("started\n0027\n");
		assertThat(mode(log.getParent())).isEqualTo("rwx------");
		assertThat(mode(log)).isEqualTo("rw-r-----");
		assertThat(run(log, "echo again").status()).isZero();
		assertThat(Files.readString(log)).isEqualTo("started\n0027\nagain\n");
	}

	@Test
	void theScriptRefusesALogFileThatIsASymbolicLink() throws Exception {
		Path dir = Files.createDirectory(this.tempDir.resolve("logs"));
		Path victim = Files.writeString(this.tempDir.resolve("victim"), "untouched\n");
		Path log = Files.createSymbolicLink(dir.resolve("myd.out"), victim);
		Result result = run(log, "echo written");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.output()).isEqualTo("Refusing the log file '" + log + "': it is a symbolic link\n");
		assertThat(Files.readString(victim)).isEqualTo("untouched\n");
	}

	@Test
	void theScriptRefusesALogDirectoryThatIsALinkOrOfAnotherUser() throws Exception {
		Path target = Files.createDirectory(this.tempDir.resolve("target"));
		Path link = Files.createSymbolicLink(this.tempDir.resolve("logs"), target);
		Result linked = run(link.resolve("myd.out"), "echo written");
		assertThat(linked.status()).isEqualTo(1);
		assertThat(linked.output()).startsWith("Refusing the log directory '" + link + "'");
		assertThat(target.resolve("myd.out")).doesNotExist();
		assumeTrue(PosixUser.currentUid() == 0, "only root can give a directory to another user");
		Path other = Files.createDirectory(this.tempDir.resolve("other"));
		Files.setAttribute(other, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
		Result foreign = run(other.resolve("myd.out"), "echo written");
		assertThat(foreign.status()).isEqualTo(1);
		assertThat(foreign.output())
			.isEqualTo("Refusing the log directory '" + other + "': it is not a directory owned by uid 0\n");
		assertThat(other.resolve("myd.out")).doesNotExist();
	}

	private Result run(Path log, String script) throws IOException, InterruptedException {
		List<String> command = DaemonCommandLine.of(List.of("/bin/sh", "-c", script), null, 027, log, false);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

	record Result(int status, String output) {

	}

}
