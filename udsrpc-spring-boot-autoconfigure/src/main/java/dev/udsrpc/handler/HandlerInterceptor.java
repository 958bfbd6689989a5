package dev.udsrpc.handler;

import org.jspecify.annotations.Nullable;

/**
 * Wraps the invocation of every handler method, once its arguments are bound: to check
 * them, to run the method in a context of its own, or to answer instead of it, for
 * example with a {@link dev.udsrpc.protocol.UdsRpcException}. Add interceptors to a
 * {@link HandlerRegistry}; the one added first is the outermost.
 * <p>
 * An interceptor runs on the thread that invokes the handler, before it and until it
 * returns; a handler that returns a {@link java.util.concurrent.CompletionStage} may
 * complete it later, on another thread.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface HandlerInterceptor {

	/**
	 * Intercept an invocation, usually by calling {@link HandlerInvocation#proceed()}.
	 * @param invocation the invocation
	 * @return the value to answer with, usually what {@code proceed()} returned
	 * @throws Exception to answer with an error: a
	 * {@link dev.udsrpc.protocol.UdsRpcException} for its code, message and data, any
	 * other exception for an internal error
	 */
	@Nullable Object intercept(HandlerInvocation invocation) throws Exception;

}
