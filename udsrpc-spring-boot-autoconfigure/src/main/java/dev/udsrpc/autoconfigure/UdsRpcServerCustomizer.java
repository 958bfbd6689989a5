package dev.udsrpc.autoconfigure;

import dev.udsrpc.server.UdsRpcServer;

/**
 * Callback that customizes the {@link UdsRpcServer.Builder} of the auto-configured
 * server, after the {@code udsrpc.server.*} properties were applied.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface UdsRpcServerCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder
	 */
	void customize(UdsRpcServer.Builder builder);

}
