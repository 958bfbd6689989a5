package dev.udsrpc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FatalErrors}.
 */
class FatalErrorsTests {

	private final List<Integer> exits = new ArrayList<>();

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final FatalErrors fatalErrors = new FatalErrors(this.exits::add, this.now::get);

	@Test
	void containsAFewOutOfMemoryErrorsByClosingConnections() {
		for (int i = 0; i < FatalErrors.MAX_CONTAINED; i++) {
			this.fatalErrors.closing(new OutOfMemoryError("test"), "connection " + i);
		}
		assertThat(this.exits).isEmpty();
	}

	@Test
	void endsTheProcessWithStatus70WhenOutOfMemoryErrorsKeepComing() {
		for (int i = 0; i <= FatalErrors.MAX_CONTAINED; i++) {
			this.fatalErrors.closing(new OutOfMemoryError("test"), "connection " + i);
			this.now.addAndGet(TimeUnit.SECONDS.toNanos(1));
		}
		assertThat(this.exits).containsExactly(FatalErrors.EXIT_STATUS);
	}

	@Test
	void goesOnWhenOutOfMemoryErrorsAreFarApart() {
		for (int i = 0; i < 20; i++) {
			this.fatalErrors.outOfMemory(new OutOfMemoryError("test"));
			this.now.addAndGet(TimeUnit.SECONDS.toNanos(4));
		}
		assertThat(this.exits).isEmpty();
	}

	@Test
	void otherErrorsOfAConnectionNeverEndTheProcess() {
		for (int i = 0; i < 100; i++) {
			this.fatalErrors.closing(new StackOverflowError(), "connection " + i);
		}
		assertThat(this.exits).isEmpty();
	}

	@Test
	void endsTheProcessAtOnceForAnErrorThatCannotBeContained() {
		this.fatalErrors.uncontained(new OutOfMemoryError("test"));
		assertThat(this.exits).containsExactly(70);
	}

}
