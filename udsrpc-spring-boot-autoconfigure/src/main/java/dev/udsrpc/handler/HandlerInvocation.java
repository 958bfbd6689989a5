package dev.udsrpc.handler;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One invocation of a handler method with its bound arguments, as seen by a
 * {@link HandlerInterceptor}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class HandlerInvocation {

	private final HandlerMethod handler;

	private final RpcCall call;

	private final @Nullable Object[] arguments;

	private final HandlerInterceptor[] interceptors;

	private int next;

	HandlerInvocation(HandlerMethod handler, RpcCall call, @Nullable Object[] arguments,
			HandlerInterceptor[] interceptors) {
		this.handler = handler;
		this.call = call;
		this.arguments = arguments;
		this.interceptors = interceptors;
	}

	/**
	 * Return the handler method invoked.
	 * @return the handler
	 */
	public HandlerMethod handler() {
		return this.handler;
	}

	/**
	 * Return the call the handler is invoked for.
	 * @return the call
	 */
	public RpcCall call() {
		return this.call;
	}

	/**
	 * Return the arguments the method is invoked with, one for each of its parameters.
	 * @return the arguments, unmodifiable
	 */
	public List<@Nullable Object> arguments() {
		return Collections.unmodifiableList(Arrays.asList(this.arguments));
	}

	/**
	 * Run the next interceptor or, after the last one, the handler method.
	 * @return what the method returned
	 * @throws Exception what the method threw, unwrapped
	 */
	public @Nullable Object proceed() throws Exception {
		if (this.next < this.interceptors.length) {
			return this.interceptors[this.next++].intercept(this);
		}
		return this.handler.invokeMethod(this.arguments);
	}

}
