package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PidFileContent}.
 */
class PidFileContentTests {

	@TempDir
	Path tempDir;

	@Test
	void writeReplacesTheContentByThePidAndANewline() throws IOException {
		Path file = Files.writeString(this.tempDir.resolve("app.pid"), "a much longer content than a PID\n");
		try (FileChannel channel = open(file)) {
			PidFileContent.write(channel, 4242);
			assertThat(PidFileContent.readPid(channel)).hasValue(4242);
		}
		assertThat(file).hasContent("4242\n");
	}

	@Test
	void awaitPidReturnsAWholePidAtOnce() throws IOException {
		Path file = Files.writeString(this.tempDir.resolve("app.pid"), "17\n");
		try (FileChannel channel = open(file)) {
			long start = System.nanoTime();
			assertThat(PidFileContent.awaitPid(channel, Duration.ofMinutes(1))).hasValue(17);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		}
	}

	@Test
	void awaitPidTakesWhatIsWrittenWhenTheNewlineDoesNotCome() throws IOException {
		Path file = Files.writeString(this.tempDir.resolve("app.pid"), "17");
		try (FileChannel channel = open(file)) {
			assertThat(PidFileContent.awaitPid(channel, Duration.ofMillis(20))).hasValue(17);
		}
		Files.writeString(file, "");
		try (FileChannel channel = open(file)) {
			assertThat(PidFileContent.awaitPid(channel, Duration.ofMillis(20))).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "0", "-1", "12a", "1 2", "99999999999999999999", "garbage" })
	void textThatIsNotAPositivePidIsNone(String text) {
		assertThat(PidFileContent.parse(text)).isEmpty();
	}

	@Test
	void largestPidIsParsed() {
		assertThat(PidFileContent.parse(Long.toString(Long.MAX_VALUE))).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
	}

	@Test
	void contentLongerThanAnyPidIsNone() throws IOException {
		Path file = Files.writeString(this.tempDir.resolve("app.pid"), "1".repeat(100) + "\n");
		try (FileChannel channel = open(file)) {
			assertThat(PidFileContent.readPid(channel)).isEmpty();
		}
	}

	private static FileChannel open(Path file) throws IOException {
		return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
	}

}
