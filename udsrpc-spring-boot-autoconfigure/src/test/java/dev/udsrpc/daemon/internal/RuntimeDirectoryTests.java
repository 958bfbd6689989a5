package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.udsrpc.daemon.UnsafeRuntimeDirectoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link RuntimeDirectory}.
 */
class RuntimeDirectoryTests {

	@TempDir
	Path tempDir;

	@Test
	void defaultPathIsInXdgRuntimeDirWhenSet() {
		Path path = RuntimeDirectory.defaultPath("app", Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "/tmp", 1000);
		assertThat(path).isEqualTo(Path.of("/run/user/1000/app"));
	}

	@Test
	void defaultPathIsInTmpDirWithUidWhenXdgRuntimeDirIsNotSet() {
		Path path = RuntimeDirectory.defaultPath("app", Map.of(), "/var/tmp", 1000);
		assertThat(path).isEqualTo(Path.of("/var/tmp/app-1000"));
	}

	@Test
	void defaultPathIsInTmpDirWithUidWhenXdgRuntimeDirIsEmpty() {
		Path path = RuntimeDirectory.defaultPath("app", Map.of("XDG_RUNTIME_DIR", ""), "/tmp", 42);
		assertThat(path).isEqualTo(Path.of("/tmp/app-42"));
	}

	@Test
	void defaultPathOfCurrentProcessUsesCurrentUid() {
		Path path = RuntimeDirectory.defaultPath("app");
		String xdg = System.getenv("XDG_RUNTIME_DIR");
		if (xdg != null && !xdg.isEmpty()) {
			assertThat(path).isEqualTo(Path.of(xdg, "app"));
		}
		else {
			assertThat(path).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "app-" + PosixUser.currentUid()));
		}
	}

	@Test
	void defaultPathRefusesAppNameThatIsNotAFileName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RuntimeDirectory.defaultPath("../evil", Map.of(), "/tmp", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> RuntimeDirectory.defaultPath("..", Map.of(), "/tmp", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> RuntimeDirectory.defaultPath("", Map.of(), "/tmp", 1));
	}

	@Test
	void ensureCreatesMissingDirectoryAndParentsOwnerOnly() throws IOException {
		Path dir = this.tempDir.resolve("a/b/app");
		assertThat(RuntimeDirectory.ensure(dir)).isSameAs(dir);
		assertThat(dir).isDirectory();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
	}

	@Test
	void ensureIsIdempotent() throws IOException {
		Path dir = this.tempDir.resolve("app");
		RuntimeDirectory.ensure(dir);
		RuntimeDirectory.ensure(dir);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
	}

	@Test
	void ensureAcceptsExistingPrivateDirectoryAndLeavesItUntouched() throws IOException {
		Path dir = Files.createDirectory(this.tempDir.resolve("app"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setLastModifiedTime(dir, FileTime.fromMillis(1_000_000_000_000L));
		RuntimeDirectory.ensure(dir);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
		assertThat(Files.getLastModifiedTime(dir)).isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
	}

	@Test
	void ensureRefusesWorldWritableDirectoryWithoutChangingIt() throws IOException {
		Path dir = Files.createDirectory(this.tempDir.resolve("app"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class).isThrownBy(() -> RuntimeDirectory.ensure(dir))
			.withMessage("Runtime directory '" + dir + "' is group or other writable (rwxrwxrwx)")
			.satisfies((ex) -> {
				assertThat(ex.path()).isEqualTo(dir);
				assertThat(ex.reason()).isEqualTo("is group or other writable (rwxrwxrwx)");
			});
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxrwxrwx");
	}

	@Test
	void ensureRefusesGroupWritableDirectory() throws IOException {
		Path dir = Files.createDirectory(this.tempDir.resolve("app"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class).isThrownBy(() -> RuntimeDirectory.ensure(dir))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("is group or other writable (rwxrwx---)"));
	}

	@Test
	void ensureRefusesSymbolicLinkToPrivateDirectory() throws IOException {
		Path target = Files.createDirectory(this.tempDir.resolve("target"));
		Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
		Path link = Files.createSymbolicLink(this.tempDir.resolve("app"), target);
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class).isThrownBy(() -> RuntimeDirectory.ensure(link))
			.withMessage("Runtime directory '" + link + "' is a symbolic link");
		assertThat(link).isSymbolicLink();
	}

	@Test
	void ensureRefusesRegularFile() throws IOException {
		Path file = Files.writeString(this.tempDir.resolve("app"), "x");
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class).isThrownBy(() -> RuntimeDirectory.ensure(file))
			.withMessage("Runtime directory '" + file + "' is not a directory");
		assertThat(file).hasContent("x");
	}

	@Test
	void ensureRefusesDirectoryOwnedByAnotherUser() throws IOException {
		assumeTrue(PosixUser.currentUid() == 0, "only root can give a directory to another user");
		Path dir = Files.createDirectory(this.tempDir.resolve("app"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		Files.setAttribute(dir, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class).isThrownBy(() -> RuntimeDirectory.ensure(dir))
			.withMessage("Runtime directory '" + dir + "' is owned by uid 65534, not by uid 0");
	}

	@Test
	void verifyTellsAMissingDirectoryAndCreatesNothing() {
		Path dir = this.tempDir.resolve("app");
		assertThat(RuntimeDirectory.verify(dir, PosixUser.currentUid())).isFalse();
		assertThat(dir).doesNotExist();
	}

	@Test
	void verifyAcceptsADirectoryOfTheGivenUser() throws IOException {
		Path dir = RuntimeDirectory.ensure(this.tempDir.resolve("app"));
		assertThat(RuntimeDirectory.verify(dir, PosixUser.currentUid())).isTrue();
	}

	@Test
	void verifyMakesTheChecksOfEnsureForTheGivenUser() throws IOException {
		Path dir = RuntimeDirectory.ensure(this.tempDir.resolve("app"));
		long other = PosixUser.currentUid() + 1;
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class)
			.isThrownBy(() -> RuntimeDirectory.verify(dir, other))
			.withMessage("Runtime directory '" + dir + "' is owned by uid " + PosixUser.currentUid() + ", not by uid "
					+ other);
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-w----"));
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class)
			.isThrownBy(() -> RuntimeDirectory.verify(dir, PosixUser.currentUid()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("is group or other writable (rwx-w----)"));
		Path link = Files.createSymbolicLink(this.tempDir.resolve("link"), dir);
		assertThatExceptionOfType(UnsafeRuntimeDirectoryException.class)
			.isThrownBy(() -> RuntimeDirectory.verify(link, PosixUser.currentUid()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("is a symbolic link"));
	}

}
