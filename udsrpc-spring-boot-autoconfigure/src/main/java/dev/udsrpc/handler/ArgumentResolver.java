package dev.udsrpc.handler;

import java.lang.reflect.Parameter;

import org.jspecify.annotations.Nullable;

/**
 * Resolves a handler parameter from the call instead of from its params, such as the
 * calling connection.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public interface ArgumentResolver {

	/**
	 * Return whether this resolver provides the given parameter. Asked once per parameter
	 * when a handler is registered.
	 * @param parameter the parameter
	 * @return {@code true} if {@link #resolve} provides it
	 */
	boolean supports(Parameter parameter);

	/**
	 * Resolve the parameter for a call.
	 * @param parameter the parameter
	 * @param call the call
	 * @return the argument
	 */
	@Nullable Object resolve(Parameter parameter, RpcCall call);

}
