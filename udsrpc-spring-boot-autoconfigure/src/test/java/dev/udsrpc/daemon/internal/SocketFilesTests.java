package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.udsrpc.daemon.NotASocketException;
import dev.udsrpc.daemon.SocketPathTooLongException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link SocketFiles}.
 */
class SocketFilesTests {

	@TempDir
	Path tempDir;

	@Test
	void maxPathBytesIsSizeOfSunPath() {
		boolean linux = System.getProperty("os.name").toLowerCase().contains("linux");
		assertThat(SocketFiles.maxPathBytes()).isEqualTo(linux ? 108 : 104);
	}

	@Test
	void checkPathLengthAcceptsPathOneByteShorterThanLimit() {
		Path socket = pathOfLength(SocketFiles.maxPathBytes() - 1);
		assertThatNoException().isThrownBy(() -> SocketFiles.checkPathLength(socket));
	}

	@Test
	void checkPathLengthRefusesPathAsLongAsLimit() {
		int limit = SocketFiles.maxPathBytes();
		Path socket = pathOfLength(limit);
		assertThatExceptionOfType(SocketPathTooLongException.class)
			.isThrownBy(() -> SocketFiles.checkPathLength(socket))
			.withMessage("Socket path '" + socket + "' is " + limit
					+ " bytes long, but Unix domain socket paths on this platform must be shorter than " + limit
					+ " bytes")
			.satisfies((ex) -> {
				assertThat(ex.path()).isEqualTo(socket);
				assertThat(ex.length()).isEqualTo(limit);
				assertThat(ex.limit()).isEqualTo(limit);
			});
	}

	@Test
	void checkPathLengthCountsUtf8Bytes() {
		Path socket = pathOfLength(SocketFiles.maxPathBytes() - 1);
		Path multiByte = socket.resolveSibling(socket.getFileName().toString().substring(1) + "é");
		assertThat(multiByte.toString()).hasSize(socket.toString().length());
		assertThatExceptionOfType(SocketPathTooLongException.class)
			.isThrownBy(() -> SocketFiles.checkPathLength(multiByte))
			.satisfies((ex) -> assertThat(ex.length()).isEqualTo(SocketFiles.maxPathBytes()));
	}

	@Test
	void checkPathLengthMeasuresAbsolutePath() {
		Path relative = Path.of("x".repeat(SocketFiles.maxPathBytes() - 2));
		assertThatExceptionOfType(SocketPathTooLongException.class)
			.isThrownBy(() -> SocketFiles.checkPathLength(relative));
	}

	@Test
	void isSocketIsTrueForBoundSocket() throws IOException {
		Path socket = this.tempDir.resolve("s.sock");
		try (ServerSocketChannel channel = bind(socket)) {
			assertThat(SocketFiles.isSocket(socket)).isTrue();
		}
	}

	@Test
	void isSocketIsFalseForFilesDirectoriesLinksAndNothing() throws IOException {
		Path file = Files.writeString(this.tempDir.resolve("file"), "x");
		Path socket = this.tempDir.resolve("s.sock");
		bind(socket).close();
		Path link = Files.createSymbolicLink(this.tempDir.resolve("link"), socket);
		assertThat(SocketFiles.isSocket(file)).isFalse();
		assertThat(SocketFiles.isSocket(this.tempDir)).isFalse();
		assertThat(SocketFiles.isSocket(link)).isFalse();
		assertThat(SocketFiles.isSocket(this.tempDir.resolve("missing"))).isFalse();
	}

	@Test
	void removeStaleSocketRemovesSocketLeftBehind() throws IOException {
		Path socket = this.tempDir.resolve("s.sock");
		bind(socket).close();
		assertThat(socket).exists();
		assertThat(SocketFiles.removeStaleSocket(socket)).isTrue();
		assertThat(socket).doesNotExist();
	}

	@Test
	void removeStaleSocketReturnsFalseWhenNothingExists() {
		assertThat(SocketFiles.removeStaleSocket(this.tempDir.resolve("s.sock"))).isFalse();
	}

	@Test
	void removeStaleSocketRefusesRegularFileAndLeavesItUntouched() throws IOException {
		Path file = Files.writeString(this.tempDir.resolve("s.sock"), "precious", StandardCharsets.UTF_8);
		assertThatExceptionOfType(NotASocketException.class).isThrownBy(() -> SocketFiles.removeStaleSocket(file))
			.withMessage("'" + file + "' is a regular file, not a socket, so it was not removed")
			.satisfies((ex) -> {
				assertThat(ex.path()).isEqualTo(file);
				assertThat(ex.description()).isEqualTo("a regular file");
			});
		assertThat(file).hasContent("precious");
	}

	@Test
	void removeStaleSocketRefusesDirectory() throws IOException {
		Path dir = Files.createDirectory(this.tempDir.resolve("s.sock"));
		assertThatExceptionOfType(NotASocketException.class).isThrownBy(() -> SocketFiles.removeStaleSocket(dir))
			.satisfies((ex) -> assertThat(ex.description()).isEqualTo("a directory"));
		assertThat(dir).isDirectory();
	}

	@Test
	void removeStaleSocketRefusesSymbolicLinkToSocket() throws IOException {
		Path socket = this.tempDir.resolve("real.sock");
		bind(socket).close();
		Path link = Files.createSymbolicLink(this.tempDir.resolve("s.sock"), socket);
		assertThatExceptionOfType(NotASocketException.class).isThrownBy(() -> SocketFiles.removeStaleSocket(link))
			.satisfies((ex) -> assertThat(ex.description()).isEqualTo("a symbolic link"));
		assertThat(link).isSymbolicLink();
		assertThat(SocketFiles.isSocket(socket)).isTrue();
	}

	private ServerSocketChannel bind(Path socket) throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			return channel.bind(UnixDomainSocketAddress.of(socket));
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	private Path pathOfLength(int bytes) {
		Path dir = this.tempDir.toAbsolutePath();
		int nameLength = bytes - dir.toString().length() - 1;
		assumeTrue(nameLength > 1, "temporary directory path is too long");
		Path path = dir.resolve("s".repeat(nameLength));
		assertThat(path.toString().getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
		return path;
	}

}
