package dev.udsrpc.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.RpcCall;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.protocol.Inbound;
import dev.udsrpc.protocol.JsonLineBuilder;
import dev.udsrpc.protocol.MessageDecoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes one request through the whole path (decode, bind a record, invoke, write the
 * result) without a socket, so that the few hundred Jackson classes this loads are loaded
 * on a background thread during startup rather than by the application context or the
 * first request.
 *
 * @author udsrpc authors
 */
final class JsonPreloader {

	private static final byte[] REQUEST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"preload\",\"params\":{\"text\":\"x\",\"count\":1}}"
		.getBytes(StandardCharsets.US_ASCII);

	private JsonPreloader() {
	}

	static void preload() throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		HandlerRegistry registry = new HandlerRegistry(mapper);
		registry.registerAnnotated(new Handler(), "udsrpcPreload");
		Inbound inbound = new MessageDecoder().decode(REQUEST);
		if (inbound instanceof Inbound.Request request) {
			HandlerMethod handler = registry.get(request.method());
			if (handler != null) {
				Object result = handler.invoke(new RpcCall(request.method(), request.params(), (type) -> null));
				JsonMapper pooled = registry.jsonMapper();
				JsonLineBuilder out = new JsonLineBuilder(128);
				pooled.writerFor(Sample.class).writeValue(out, result);
				pooled.writeValue(out, Map.of("pong", true));
			}
		}
	}

	/**
	 * The handler of the preloaded request.
	 */
	static final class Handler {

		@UdsRpcHandler("preload")
		Sample preload(Sample sample) {
			return sample;
		}

	}

	/**
	 * The params and result of the preloaded request.
	 *
	 * @param text a text
	 * @param count a number
	 */
	record Sample(String text, int count) {

	}

}
