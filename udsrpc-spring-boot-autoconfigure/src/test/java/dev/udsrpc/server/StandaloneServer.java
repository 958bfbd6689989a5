package dev.udsrpc.server;

import java.nio.file.Path;

import dev.udsrpc.handler.HandlerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server with the {@link TestHandlers} in a process of its own, for tests that limit
 * the process (its file descriptors); it prints {@code READY} once it listens and stops
 * when its standard input closes.
 */
public final class StandaloneServer {

	private StandaloneServer() {
	}

	public static void main(String[] args) throws Exception {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		registry.registerAnnotated(new TestHandlers(), "testHandlers");
		try (UdsRpcServer server = UdsRpcServer.builder(registry).socketPath(Path.of(args[0])).build().start()) {
			// logging the first line loads what logging needs (time zone rules) while
			// descriptors are free
			System.getLogger(StandaloneServer.class.getName()).log(System.Logger.Level.INFO, "READY");
			while (System.in.read() >= 0) {
				// until the test closes the pipe
			}
		}
	}

}
