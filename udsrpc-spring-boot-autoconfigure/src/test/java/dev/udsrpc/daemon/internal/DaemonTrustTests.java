package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

import dev.udsrpc.daemon.UnsafeRuntimeDirectoryException;
import dev.udsrpc.daemon.UntrustedDaemonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link DaemonTrust}.
 */
class DaemonTrustTests {

	private static final long ME = PosixUser.currentUid();

	@TempDir
	Path tempDir;

	@Test
	void refusesANegativeOwner() {
		assertThatIllegalArgumentException().isThrownBy(() -> DaemonTrust.owner(-1))
			.withMessage("'uid' must not be negative, but was -1");
	}

	@Test
	void refusesARuntimeDirectoryNamingItAndTheReason() throws IOException {
		Path dir = Files.createDirectory(this.tempDir.resolve("app"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.currentUser().verifyRuntimeDirectory(dir))
			.withMessage("Not trusting the runtime directory '" + dir + "': it is group or other writable (rwxrwxrwx)")
			.satisfies((ex) -> {
				assertThat(ex.path()).isEqualTo(dir);
				assertThat(ex.reason()).isEqualTo("is group or other writable (rwxrwxrwx)");
				assertThat(ex.getCause()).isInstanceOf(UnsafeRuntimeDirectoryException.class);
			});
		assertThat(DaemonTrust.currentUser().verifyRuntimeDirectory(this.tempDir.resolve("missing"))).isFalse();
	}

	@Test
	void acceptsAPidFileOfTheOwnerAndTellsAMissingOne() throws IOException {
		Path pidFile = Files.writeString(this.tempDir.resolve("app.pid"), "1\n");
		assertThat(DaemonTrust.currentUser().verifyPidFile(pidFile)).isTrue();
		assertThat(DaemonTrust.currentUser().verifyPidFile(this.tempDir.resolve("missing.pid"))).isFalse();
	}

	@Test
	void refusesAPidFileOfAnotherUser() throws IOException {
		Path pidFile = Files.writeString(this.tempDir.resolve("app.pid"), "1\n");
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.owner(ME + 1).verifyPidFile(pidFile))
			.withMessage("Not trusting the PID file '" + pidFile + "': it is owned by uid " + ME + ", not by uid "
					+ (ME + 1));
	}

	@Test
	void refusesAPidFileThatIsALinkOrNotAFile() throws IOException {
		Path target = Files.writeString(this.tempDir.resolve("target.pid"), "1\n");
		Path link = Files.createSymbolicLink(this.tempDir.resolve("app.pid"), target);
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.currentUser().verifyPidFile(link))
			.withMessage("Not trusting the PID file '" + link + "': it is a symbolic link");
		Path dir = Files.createDirectory(this.tempDir.resolve("dir.pid"));
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.currentUser().verifyPidFile(dir))
			.withMessageEndingWith("it is not a regular file");
	}

	@Test
	void refusesAPidFileGivenToAnotherUserByRoot() throws IOException {
		assumeTrue(ME == 0, "only root can give a file to another user");
		Path pidFile = Files.writeString(this.tempDir.resolve("app.pid"), "1\n");
		Files.setAttribute(pidFile, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.currentUser().verifyPidFile(pidFile))
			.withMessageEndingWith("it is owned by uid 65534, not by uid 0");
	}

	@Test
	void trustsAServerOfTheOwnerOrOfRootOnly() {
		Path socket = Path.of("/run/app/app.sock");
		assertThatNoException().isThrownBy(() -> DaemonTrust.owner(1000).verifyServer(socket, 1000));
		assertThatNoException().isThrownBy(() -> DaemonTrust.owner(1000).verifyServer(socket, 0));
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.owner(1000).verifyServer(socket, 1001))
			.withMessage(
					"Not trusting the socket '/run/app/app.sock': it is served by uid 1001, not by uid 1000 or root");
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.owner(0).verifyServer(socket, 65534))
			.withMessage("Not trusting the socket '/run/app/app.sock': it is served by uid 65534, not by uid 0");
	}

	@Test
	void trustsAServerNamedByTheJdkOnlyWhenItIsTheOwnerOfTheRuntimeDirectoryOrRoot() throws IOException {
		Path socket = this.tempDir.resolve("app.sock");
		UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
		UserPrincipal me = Files.getOwner(this.tempDir);
		UserPrincipal root = users.lookupPrincipalByName("root");
		assertThatNoException().isThrownBy(() -> DaemonTrust.currentUser().verifyServer(socket, me, this.tempDir));
		assertThatNoException().isThrownBy(() -> DaemonTrust.owner(ME + 1).verifyServer(socket, root, this.tempDir));
		UserPrincipal other = users.lookupPrincipalByName(Long.toString(ME + 1));
		assertThatExceptionOfType(UntrustedDaemonException.class).as("a directory of another owner names nobody")
			.isThrownBy(() -> DaemonTrust.owner(ME + 1).verifyServer(socket, other, this.tempDir));
		assumeTrue(ME == 0, "names another user as root only");
		UserPrincipal nobody = users.lookupPrincipalByName("nobody");
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.currentUser().verifyServer(socket, nobody, this.tempDir))
			.withMessage("Not trusting the socket '" + socket + "': it is served by user 'nobody', not by uid 0");
	}

	@Test
	void trustsAReportedProcessOnlyWhenItRunsAsTheOwner() {
		Path socket = Path.of("/run/app/app.sock");
		long self = ProcessHandle.current().pid();
		assertThat(DaemonTrust.currentUser().verifyProcess(socket, self)).isTrue();
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.owner(ME + 1).verifyProcess(socket, self))
			.withMessage("Not trusting the socket '/run/app/app.sock': it reported PID " + self + ", which runs as uid "
					+ ME + ", not as uid " + (ME + 1));
		assertThatExceptionOfType(UntrustedDaemonException.class)
			.isThrownBy(() -> DaemonTrust.currentUser().verifyProcess(socket, 0))
			.withMessageEndingWith("it reported PID 0, which is no process");
	}

	@Test
	void tellsAReportedProcessThatIsGone() throws Exception {
		Process process = new ProcessBuilder("true").start();
		process.waitFor();
		assertThat(DaemonTrust.currentUser().verifyProcess(Path.of("/run/app/app.sock"), process.pid())).isFalse();
	}

	@Test
	void readsTheUidsOfAProcessStatus() {
		String status = "Name:\tjava\nUid:\t1000\t1001\t1002\t1003\nGid:\t5\t5\t5\t5\n";
		assertThat(DaemonTrust.uidField(status, 0)).hasValue(1000);
		assertThat(DaemonTrust.uidField(status, 1)).hasValue(1001);
		assertThat(DaemonTrust.uidField("Name:\tjava\n", 0)).isEmpty();
	}

}
