package dev.udsrpc.protocol.internal;

import dev.udsrpc.protocol.RpcId;
import org.jspecify.annotations.Nullable;

/**
 * What the members of a message from a server said. Each known member name has a bit, so
 * telling a repeated one costs nothing.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see ServerMessageDecoder
 */
final class ServerEnvelope {

	static final int ID = 1;

	static final int RESULT = 1 << 1;

	static final int ERROR = 1 << 2;

	static final int TYPE = 1 << 3;

	static final int DATA = 1 << 4;

	static final int METHOD = 1 << 5;

	static final int PARAMS = 1 << 6;

	static final int DUPLICATE_ID = 1 << 7;

	private int seen;

	@Nullable String duplicate;

	@Nullable RpcId id;

	@Nullable JsonSlice result;

	@Nullable JsonSlice error;

	@Nullable String type;

	@Nullable JsonSlice data;

	@Nullable String method;

	@Nullable JsonSlice params;

	boolean has(int member) {
		return (this.seen & member) == member;
	}

	void see(int member, String name) {
		if ((this.seen & member) != 0) {
			if (this.duplicate == null) {
				this.duplicate = "duplicate member \"" + name + "\"";
			}
			if (member == ID) {
				this.seen |= DUPLICATE_ID;
			}
		}
		this.seen |= member;
	}

}
