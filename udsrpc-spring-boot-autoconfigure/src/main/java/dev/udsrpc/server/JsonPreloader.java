package dev.udsrpc.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.protocol.internal.Inbound;
import dev.udsrpc.protocol.internal.JsonLineBuilder;
import dev.udsrpc.protocol.internal.MessageDecoder;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes a request and writes a result with the shared default mapper, without a socket,
 * so that the few hundred Jackson classes this loads are loaded, and the default mapper
 * built, on a background thread during startup rather than by the application context or
 * the first request. It does no more than that on purpose: on a machine whose cores are
 * busy starting the application, each further warm-up made the start slower.
 *
 * @author udsrpc authors
 */
final class JsonPreloader {

	private static final byte[] REQUEST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"preload\",\"params\":{\"text\":\"x\",\"count\":1}}"
		.getBytes(StandardCharsets.US_ASCII);

	private JsonPreloader() {
	}

	/**
	 * Load Jackson's classes, then junixsocket's native library, never failing: the real
	 * path reports a problem, if any.
	 */
	static void preloadAll() {
		try {
			preload();
		}
		catch (Exception | LinkageError ex) {
			// the real path reports the problem, if any
		}
		try {
			AFUNIXSelectorProvider.provider().openSelector().close();
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			// binding reports the problem, if any
		}
	}

	/**
	 * Decode the sample request and write a map result for it.
	 * @return what was written
	 */
	static String preload() {
		JsonMapper mapper = HandlerRegistry.defaultJsonMapper();
		Inbound.Request request = (Inbound.Request) new MessageDecoder().decode(REQUEST);
		JsonLineBuilder out = new JsonLineBuilder(64);
		Map<String, Boolean> result = Map.of(request.method(), true);
		// the server writes a result by its runtime class
		mapper.writerFor(result.getClass()).writeValue(out, result);
		return out.toString();
	}

}
