package dev.udsrpc.server;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.handler.HandlerRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QuickHandlers}.
 */
class QuickHandlersTests {

	private static final long QUICK = TimeUnit.MICROSECONDS.toNanos(QuickHandlers.QUICK_MICROS);

	private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(QuickHandlers.SLOW_MILLIS) + 1;

	private static final long BLOCKING = TimeUnit.MILLISECONDS.toNanos(QuickHandlers.BLOCKING_MILLIS) + 1;

	private final QuickHandlers quick = new QuickHandlers(4);

	private final HandlerMethod handler = handler();

	@Test
	void aHandlerIsQuickAfterEnoughQuickCallsInARow() {
		returned(3, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isFalse();
		returned(1, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isTrue();
	}

	@Test
	void aCallThatIsNotQuickStartsTheCountAgain() {
		returned(3, QUICK);
		returned(1, QUICK + 1);
		returned(3, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isFalse();
		returned(1, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isTrue();
	}

	@Test
	void aSlowCallEndsItAndTwiceAsManyQuickCallsBringItBack() {
		returned(4, QUICK);
		returned(1, SLOW);
		assertThat(this.quick.isQuick(this.handler)).isFalse();
		returned(7, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isFalse();
		returned(1, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isTrue();
	}

	@Test
	void aCallBetweenQuickAndSlowKeepsAQuickHandlerQuick() {
		returned(4, QUICK);
		returned(1, SLOW - 2);
		assertThat(this.quick.isQuick(this.handler)).isTrue();
	}

	@Test
	void aCallThatBlocksLongerThanAMachineDelaysAThreadEndsItForGood() {
		returned(4, QUICK);
		returned(1, BLOCKING);
		returned(QuickHandlers.MAX_REQUIRED * 2, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isFalse();
	}

	@Test
	void aCallThatBlocksBeforeTheHandlerWasQuickKeepsItOffTheLoop() {
		returned(1, BLOCKING);
		returned(QuickHandlers.MAX_REQUIRED * 2, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isFalse();
	}

	@Test
	void aHandlerCompletingLaterIsNeverQuick() {
		this.quick.completesLater(this.handler);
		returned(100, QUICK);
		assertThat(this.quick.isQuick(this.handler)).isFalse();
	}

	private void returned(int calls, long nanos) {
		for (int i = 0; i < calls; i++) {
			this.quick.returned(this.handler, nanos);
		}
	}

	private static HandlerMethod handler() {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		try {
			Method method = String.class.getMethod("trim");
			return registry.register("Trim", "text", "text", method);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
