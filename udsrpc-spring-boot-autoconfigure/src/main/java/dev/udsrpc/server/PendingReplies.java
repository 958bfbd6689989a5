package dev.udsrpc.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The replies a connection is owed: each is sent once, either by its handler when it
 * completes or, if the handler outlives the shutdown grace, as the error the server
 * abandons it with.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class PendingReplies {

	private final Set<PendingReply> pending = ConcurrentHashMap.newKeySet();

	/**
	 * Register a reply the connection is owed.
	 * @param abandoned the message to send if the reply is abandoned at shutdown
	 * @return the pending reply
	 */
	PendingReply expect(Supplier<byte @Nullable []> abandoned) {
		PendingReply reply = new PendingReply(abandoned);
		this.pending.add(reply);
		return reply;
	}

	/**
	 * Claim the right to send a reply and forget it.
	 * @param reply the pending reply
	 * @return {@code true} for the first caller only: neither sent nor abandoned yet
	 */
	boolean settle(PendingReply reply) {
		boolean first = reply.settle();
		this.pending.remove(reply);
		return first;
	}

	/**
	 * Settle every reply still owed with its abandoned message.
	 * @param send sends a message
	 */
	void abandonAll(Consumer<byte[]> send) {
		for (PendingReply reply : this.pending) {
			byte[] message = reply.settle() ? reply.abandonedMessage() : null;
			if (message != null) {
				send.accept(message);
			}
			this.pending.remove(reply);
		}
	}

	int size() {
		return this.pending.size();
	}

}
