package dev.udsrpc.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A reply a connection is owed: sent once, either by the handler when it completes or, if
 * the handler outlives the shutdown grace, as an error.
 *
 * @author udsrpc authors
 */
final class PendingReply {

	private final AtomicBoolean settled = new AtomicBoolean();

	private final Supplier<byte @Nullable []> abandoned;

	PendingReply(Supplier<byte @Nullable []> abandoned) {
		this.abandoned = abandoned;
	}

	/**
	 * Claim the right to send the reply.
	 * @return {@code true} for the first caller only
	 */
	boolean settle() {
		return this.settled.compareAndSet(false, true);
	}

	/**
	 * Return the message sent when the reply is abandoned.
	 * @return the error message, or {@code null} if nothing is owed after all
	 */
	byte @Nullable [] abandonedMessage() {
		return this.abandoned.get();
	}

}
