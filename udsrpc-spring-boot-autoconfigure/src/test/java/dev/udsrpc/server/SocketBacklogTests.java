package dev.udsrpc.server;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link SocketBacklog}.
 */
class SocketBacklogTests {

	@TempDir
	Path tempDir;

	@Test
	void readsTheKernelsMaximumWhereItCan() throws Exception {
		Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
		assumeTrue(Files.isReadable(somaxconn), "needs Linux");
		int expected = Integer.parseInt(new String(Files.newInputStream(somaxconn).readAllBytes()).trim());
		assertThat(SocketBacklog.systemDefault()).isEqualTo(expected);
	}

	@Test
	void fallsBackWhereTheMaximumCannotBeRead() throws Exception {
		assertThat(SocketBacklog.read(this.tempDir.resolve("missing"))).isEqualTo(SocketBacklog.FALLBACK);
		Path garbage = Files.writeString(this.tempDir.resolve("garbage"), "many\n");
		assertThat(SocketBacklog.read(garbage)).isEqualTo(SocketBacklog.FALLBACK);
		Path zero = Files.writeString(this.tempDir.resolve("zero"), "0\n");
		assertThat(SocketBacklog.read(zero)).isEqualTo(SocketBacklog.FALLBACK);
		Path value = Files.writeString(this.tempDir.resolve("value"), "1024\n");
		assertThat(SocketBacklog.read(value)).isEqualTo(1024);
	}

}
