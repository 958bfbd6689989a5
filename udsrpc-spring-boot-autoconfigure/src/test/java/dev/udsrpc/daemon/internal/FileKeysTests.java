package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link FileKeys}.
 */
class FileKeysTests {

	@TempDir
	Path tempDir;

	@Test
	void fileKeyAtThePathIsThatOfTheRegularFile() throws IOException {
		Path file = Files.createFile(this.tempDir.resolve("app.pid"));
		assertThat(FileKeys.atPath(file)).isNotNull()
			.isEqualTo(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
	}

	@Test
	void noFileAtThePathHasNoFileKey() throws IOException {
		assertThat(FileKeys.atPath(this.tempDir.resolve("missing.pid"))).isNull();
	}

	@Test
	void symbolicLinkOrDirectoryAtThePathIsRefused() throws IOException {
		Path target = Files.createFile(this.tempDir.resolve("target"));
		Path link = Files.createSymbolicLink(this.tempDir.resolve("app.pid"), target);
		assertThatExceptionOfType(FileSystemException.class).isThrownBy(() -> FileKeys.atPath(link))
			.withMessageContaining("PID file is a symbolic link");
		Path directory = Files.createDirectory(this.tempDir.resolve("dir.pid"));
		assertThatExceptionOfType(FileSystemException.class).isThrownBy(() -> FileKeys.atPath(directory))
			.withMessageContaining("PID file is not a regular file");
	}

	@Test
	void fileKeyOfTheOpenedFileIsThatOfTheFileAtThePath() throws IOException {
		assumeProc();
		Path file = Files.createFile(this.tempDir.resolve("app.pid"));
		assertThat(FileKeys.opened(file)).isNull();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			assertThat(FileKeys.opened(file)).isNotNull().isEqualTo(FileKeys.atPath(file));
		}
	}

	@Test
	void fileKeyOfAnOpenedFileUnlinkedSinceIsNotThatOfTheFileAtThePathNow() throws IOException {
		assumeProc();
		Path file = Files.createFile(this.tempDir.resolve("app.pid"));
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			Object unlinked = FileKeys.atPath(file);
			Files.delete(file);
			Files.createFile(file);
			assertThat(FileKeys.atPath(file)).isNotEqualTo(unlinked);
			assertThat(FileKeys.opened(file)).isEqualTo(unlinked);
		}
	}

	@Test
	void twoOpenedFilesOfOnePathHaveNoFileKey() throws IOException {
		assumeProc();
		Path file = Files.createFile(this.tempDir.resolve("app.pid"));
		try (FileChannel first = FileChannel.open(file, StandardOpenOption.READ)) {
			Files.delete(file);
			Files.createFile(file);
			try (FileChannel second = FileChannel.open(file, StandardOpenOption.READ)) {
				assertThat(FileKeys.opened(file)).isNull();
			}
		}
	}

	private static void assumeProc() {
		assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
	}

}
