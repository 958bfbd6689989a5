package dev.udsrpc.server.internal;

import java.lang.reflect.Parameter;

import dev.udsrpc.handler.ArgumentResolver;
import dev.udsrpc.handler.RpcCall;
import dev.udsrpc.server.PeerCredentials;
import dev.udsrpc.server.UdsRpcConnection;
import dev.udsrpc.server.UdsRpcServer;
import org.jspecify.annotations.Nullable;

/**
 * Resolves handler parameters of type {@link UdsRpcConnection}, {@link PeerCredentials}
 * and {@link UdsRpcServer} from the call. Every
 * {@link dev.udsrpc.handler.HandlerRegistry} consults it first: it is registered as a
 * {@link java.util.ServiceLoader service}, so that no server has to add it to a registry
 * it shares.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class ConnectionArgumentResolver implements ArgumentResolver {

	@Override
	public boolean supports(Parameter parameter) {
		Class<?> type = parameter.getType();
		return type == UdsRpcConnection.class || type == PeerCredentials.class || type == UdsRpcServer.class;
	}

	@Override
	public @Nullable Object resolve(Parameter parameter, RpcCall call) {
		return call.context(parameter.getType());
	}

}
