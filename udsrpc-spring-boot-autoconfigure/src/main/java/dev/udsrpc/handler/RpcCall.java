package dev.udsrpc.handler;

import java.util.Objects;
import java.util.function.Function;

import dev.udsrpc.protocol.RpcParams;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One call of an RPC method, as seen by argument resolvers.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class RpcCall {

	private final String method;

	private final @Nullable RpcParams params;

	private final Function<Class<?>, @Nullable Object> context;

	private @Nullable JsonNode paramsTree;

	/**
	 * Create a call.
	 * @param method the RPC method name
	 * @param params the params or {@code null}
	 * @param context looks up objects of the call's context by type, such as the calling
	 * connection; returns {@code null} for unknown types
	 */
	public RpcCall(String method, @Nullable RpcParams params, Function<Class<?>, @Nullable Object> context) {
		this.method = Objects.requireNonNull(method, "'method' must not be null");
		this.params = params;
		this.context = Objects.requireNonNull(context, "'context' must not be null");
	}

	/**
	 * Return the RPC method name.
	 * @return the method name
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Return the params of the call.
	 * @return the params or {@code null} when absent
	 */
	public @Nullable RpcParams params() {
		return this.params;
	}

	/**
	 * Look up an object of the call's context.
	 * @param <T> the type
	 * @param type the type
	 * @return the object or {@code null}
	 */
	public <T> @Nullable T context(Class<T> type) {
		Object value = this.context.apply(type);
		return type.isInstance(value) ? type.cast(value) : null;
	}

	@Nullable JsonNode paramsTree() {
		return this.paramsTree;
	}

	void paramsTree(JsonNode tree) {
		this.paramsTree = tree;
	}

}
