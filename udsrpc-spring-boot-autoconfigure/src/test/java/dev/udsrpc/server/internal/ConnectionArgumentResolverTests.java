package dev.udsrpc.server.internal;

import java.lang.reflect.Method;

import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.server.PeerCredentials;
import dev.udsrpc.server.UdsRpcConnection;
import dev.udsrpc.server.UdsRpcServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionArgumentResolver}.
 */
class ConnectionArgumentResolverTests {

	@Test
	void aRegistryResolvesTheConnectionPeerAndServerWithoutAServerAddingItsResolver() throws Exception {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		Method method = Handlers.class.getMethod("call", UdsRpcConnection.class, PeerCredentials.class,
				UdsRpcServer.class, String.class);
		HandlerMethod handler = registry.register("Call", new Handlers(), "handlers", method);
		assertThat(handler.paramNames()).containsExactly("text");
	}

	/**
	 * A handler taking the call's context.
	 */
	public static class Handlers {

		public String call(UdsRpcConnection connection, PeerCredentials peer, UdsRpcServer server, String text) {
			return text;
		}

	}

}
