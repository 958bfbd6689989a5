package dev.udsrpc.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingReplies}.
 */
class PendingRepliesTests {

	private final PendingReplies replies = new PendingReplies();

	private final List<String> sent = new ArrayList<>();

	@Test
	void aReplyIsSettledOnce() {
		PendingReply reply = this.replies.expect(() -> bytes("abandoned"));
		assertThat(this.replies.settle(reply)).isTrue();
		assertThat(this.replies.settle(reply)).isFalse();
		assertThat(this.replies.size()).isZero();
	}

	@Test
	void abandoningSendsTheErrorOfEveryReplyStillOwedAndOnlyThose() {
		PendingReply answered = this.replies.expect(() -> bytes("first"));
		PendingReply owed = this.replies.expect(() -> bytes("second"));
		this.replies.settle(answered);
		this.replies.abandonAll((message) -> this.sent.add(new String(message, StandardCharsets.UTF_8)));
		assertThat(this.sent).containsExactly("second");
		assertThat(this.replies.settle(owed)).as("the handler completing after the shutdown sends nothing").isFalse();
	}

	@Test
	void aReplyOwingNothingSendsNothingWhenAbandoned() {
		this.replies.expect(() -> null);
		this.replies.abandonAll((message) -> this.sent.add("unexpected"));
		assertThat(this.sent).isEmpty();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
