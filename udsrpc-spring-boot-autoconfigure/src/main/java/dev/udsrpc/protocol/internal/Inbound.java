package dev.udsrpc.protocol.internal;

import java.util.List;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.protocol.RpcParams;
import org.jspecify.annotations.Nullable;

/**
 * What one received line decodes to.
 *
 * @author udsrpc authors
 * @since 0.1.0
 * @see MessageDecoder
 */
public sealed interface Inbound permits Inbound.Request, Inbound.Invalid, Inbound.Ignored, Inbound.Batch {

	/**
	 * A request to dispatch.
	 *
	 * @param dialect the dialect of the request
	 * @param id the id to echo in the response ({@link RpcId#ZERO} for a Go dialect
	 * request without id)
	 * @param method the method name
	 * @param params the params, or {@code null} when absent or {@code null}
	 * @param notification whether no response is expected (JSON-RPC 2.0 request without
	 * id)
	 */
	record Request(Dialect dialect, RpcId id, String method, @Nullable RpcParams params,
			boolean notification) implements Inbound {

	}

	/**
	 * A message that cannot be dispatched and is answered with an error.
	 *
	 * @param dialect the dialect of the answer
	 * @param id the id of the answer
	 * @param code the error code
	 * @param message the error message
	 */
	record Invalid(Dialect dialect, RpcId id, int code, String message) implements Inbound {

	}

	/**
	 * A message the server does not answer: an event or a response sent by the client, or
	 * a blank line.
	 */
	record Ignored() implements Inbound {

	}

	/**
	 * A JSON-RPC 2.0 batch: its requests and invalid entries, in order.
	 *
	 * @param entries the entries ({@link Request} or {@link Invalid})
	 */
	record Batch(List<Inbound> entries) implements Inbound {

	}

}
