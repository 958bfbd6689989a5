package dev.udsrpc.protocol.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LineFramer}.
 */
class LineFramerTests {

	private static final String STREAM = "{\"id\":1,\"method\":\"Ping\"}\n" + "\n" + "   \n" + "\t \r\n"
			+ "{\"id\":2,\"method\":\"Echo\",\"params\":{\"msg\":\"héllo 😀\"}}\r\n" + "\r\n" + "x\n" + "\r\r\n"
			+ "a\rb\n" + "  padded  \n" + "last";

	private static final List<String> LINES = List.of("{\"id\":1,\"method\":\"Ping\"}",
			"{\"id\":2,\"method\":\"Echo\",\"params\":{\"msg\":\"héllo 😀\"}}", "x", "a\rb", "  padded  ");

	private final List<String> lines = new ArrayList<>();

	@Test
	void createWithNonPositiveMaximumFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LineFramer(0));
		assertThatIllegalArgumentException().isThrownBy(() -> new LineFramer(-1));
	}

	@Test
	void streamFedAtOnceIsSplitIntoLines() {
		LineFramer framer = new LineFramer(1024);
		assertThat(feed(framer, STREAM)).isTrue();
		assertThat(this.lines).containsExactlyElementsOf(LINES);
		assertThat(framer.buffered()).isEqualTo(4);
	}

	@Test
	void incompleteLastLineIsDeliveredOnceItsNewlineArrives() {
		LineFramer framer = new LineFramer(1024);
		feed(framer, STREAM);
		feed(framer, "\n");
		assertThat(this.lines).last().isEqualTo("last");
		assertThat(framer.buffered()).isZero();
	}

	@Test
	void streamFedOneByteAtATimeGivesTheSameLines() {
		LineFramer framer = new LineFramer(1024);
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			assertThat(framer.feed(bytes, i, 1, this::collect)).isTrue();
		}
		assertThat(this.lines).containsExactlyElementsOf(LINES);
	}

	@Test
	void streamFedInRandomChunksGivesTheSameLines() {
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		Random random = new Random(7L);
		for (int round = 0; round < 500; round++) {
			this.lines.clear();
			LineFramer framer = new LineFramer(1024);
			int position = 0;
			while (position < bytes.length) {
				int length = Math.min(bytes.length - position, random.nextInt(12));
				// the chunk sits inside a larger buffer, as in a reader's receive buffer
				byte[] buffer = new byte[length + 8];
				System.arraycopy(bytes, position, buffer, 3, length);
				assertThat(framer.feed(buffer, 3, length, this::collect)).isTrue();
				position += length;
			}
			assertThat(this.lines).containsExactlyElementsOf(LINES);
		}
	}

	@Test
	void crLfSplitBetweenChunksIsStripped() {
		LineFramer framer = new LineFramer(1024);
		feed(framer, "abc\r");
		feed(framer, "\ndef\r");
		feed(framer, "\n");
		assertThat(this.lines).containsExactly("abc", "def");
	}

	@Test
	void blankAndWhitespaceOnlyLinesAreSkipped() {
		LineFramer framer = new LineFramer(1024);
		feed(framer, "\n\n\r\n \n\t\n \t\r\n");
		feed(framer, "  ");
		feed(framer, "\t\r");
		feed(framer, "\n");
		assertThat(this.lines).isEmpty();
	}

	@Test
	void lineOfExactlyMaximumSizeIsAccepted() {
		String line = "x".repeat(100);
		assertThat(feed(new LineFramer(100), line + "\n")).isTrue();
		assertThat(feed(new LineFramer(100), line + "\r\n")).isTrue();
		LineFramer framer = new LineFramer(100);
		assertThat(feed(framer, line.substring(0, 60))).isTrue();
		assertThat(feed(framer, line.substring(60) + "\r")).isTrue();
		assertThat(feed(framer, "\n")).isTrue();
		assertThat(this.lines).containsExactly(line, line, line);
	}

	@Test
	void lineOfMaximumSizePlusOneIsRejectedAndLaterFeedsAreRejected() {
		LineFramer framer = new LineFramer(100);
		assertThat(feed(framer, "y".repeat(101) + "\n")).isFalse();
		assertThat(framer.isOverflowed()).isTrue();
		assertThat(feed(framer, "ok\n")).isFalse();
		assertThat(feed(framer, "\n")).isFalse();
		assertThat(this.lines).isEmpty();
	}

	@Test
	void lineOfMaximumSizePlusOneSplitAcrossChunksIsRejected() {
		LineFramer framer = new LineFramer(100);
		assertThat(feed(framer, "y".repeat(50))).isTrue();
		assertThat(feed(framer, "y".repeat(51))).isTrue();
		assertThat(feed(framer, "\nok\n")).isFalse();
		assertThat(framer.isOverflowed()).isTrue();
		assertThat(feed(framer, "ok\n")).isFalse();
		assertThat(this.lines).isEmpty();
	}

	@Test
	void lineOfMaximumSizePlusOneEndingInCrLfIsRejected() {
		assertThat(feed(new LineFramer(100), "y".repeat(101) + "\r\n")).isFalse();
		LineFramer framer = new LineFramer(100);
		assertThat(feed(framer, "y".repeat(101) + "\r")).isFalse();
		assertThat(this.lines).isEmpty();
	}

	@Test
	void longPartialLineWithoutNewlineExceedingMaximumIsRejected() {
		LineFramer framer = new LineFramer(100);
		for (int i = 0; i < 10; i++) {
			assertThat(feed(framer, "z".repeat(10))).isTrue();
		}
		assertThat(feed(framer, "zz")).isFalse();
		assertThat(framer.isOverflowed()).isTrue();
		assertThat(framer.buffered()).isZero();
		assertThat(feed(framer, "\n")).isFalse();
		assertThat(this.lines).isEmpty();
	}

	@Test
	void hugeChunkWithoutNewlineIsRejectedWithoutBufferingIt() {
		LineFramer framer = new LineFramer(100);
		assertThat(feed(framer, "z".repeat(100_000))).isFalse();
		assertThat(framer.buffered()).isZero();
	}

	@Test
	void linesBeforeOversizedLineAreStillDelivered() {
		LineFramer framer = new LineFramer(10);
		assertThat(feed(framer, "one\ntwo\n" + "x".repeat(11) + "\nthree\n")).isFalse();
		assertThat(this.lines).containsExactly("one", "two");
	}

	@Test
	void linesBeforeOversizedPartialLineAreStillDelivered() {
		LineFramer framer = new LineFramer(10);
		assertThat(feed(framer, "one\ntw")).isTrue();
		assertThat(feed(framer, "o\n" + "x".repeat(20))).isFalse();
		assertThat(this.lines).containsExactly("one", "two");
	}

	@Test
	void deliveredLinesAreCopiesUnaffectedByReuseOfTheBuffer() {
		LineFramer framer = new LineFramer(100);
		List<byte[]> received = new ArrayList<>();
		byte[] buffer = "abc\nde".getBytes(StandardCharsets.US_ASCII);
		framer.feed(buffer, 0, buffer.length, received::add);
		buffer[0] = 'X';
		buffer[4] = 'X';
		byte[] more = "f\n".getBytes(StandardCharsets.US_ASCII);
		framer.feed(more, 0, more.length, received::add);
		more[0] = 'X';
		assertThat(received).extracting((line) -> new String(line, StandardCharsets.US_ASCII))
			.containsExactly("abc", "def");
	}

	@Test
	void longLinesAssembledFromManyChunksAreDeliveredIntact() {
		LineFramer framer = new LineFramer(1 << 20);
		String first = "a".repeat(300_000);
		String second = "b".repeat(20_000);
		String stream = first + "\n" + second + "\n";
		for (int i = 0; i < stream.length(); i += 4096) {
			assertThat(feed(framer, stream.substring(i, Math.min(stream.length(), i + 4096)))).isTrue();
		}
		assertThat(this.lines).containsExactly(first, second);
	}

	private boolean feed(LineFramer framer, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		return framer.feed(bytes, 0, bytes.length, this::collect);
	}

	private void collect(byte[] line) {
		this.lines.add(new String(line, StandardCharsets.UTF_8));
	}

}
