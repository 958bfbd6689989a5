package dev.udsrpc.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolQueue}.
 */
class PoolQueueTests {

	private final PoolQueue queue = new PoolQueue();

	@Test
	void aTaskNobodyLooksForAsksForAParkedWorker() {
		assertThat(this.queue.add(() -> {
		})).isTrue();
		assertThat(this.queue.waiting()).isEqualTo(1);
	}

	@Test
	void tasksAreTakenInOrderAndCounted() {
		Runnable first = () -> {
		};
		Runnable second = () -> {
		};
		this.queue.add(first);
		this.queue.add(second);
		assertThat(this.queue.poll()).isSameAs(first);
		assertThat(this.queue.added()).isEqualTo(2);
		assertThat(this.queue.taken()).isEqualTo(1);
		assertThat(this.queue.drain()).containsExactly(second);
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.queue.waiting()).isZero();
		assertThat(this.queue.poll()).isNull();
	}

	@Test
	void spinningEndsAtShutdown() {
		assertThat(this.queue.spin(() -> true)).isNull();
	}

	@Test
	void aSpinningWorkerTakesATaskThatWaits() {
		Runnable task = () -> {
		};
		this.queue.add(task);
		assertThat(this.queue.spin(() -> false)).isSameAs(task);
		assertThat(this.queue.waiting()).isZero();
	}

}
