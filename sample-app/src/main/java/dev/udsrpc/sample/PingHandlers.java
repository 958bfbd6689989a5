package dev.udsrpc.sample;

import java.util.Map;

import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.server.UdsRpcConnection;

import org.springframework.stereotype.Component;

/**
 * {@code Ping} and {@code Echo}, as in the Go udsrpc library's README, and {@code Hello},
 * which greets the calling process.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Component
public class PingHandlers {

	private final Greeting greeting;

	PingHandlers(Greeting greeting) {
		this.greeting = greeting;
	}

	@UdsRpcHandler("Ping")
	public Map<String, Boolean> ping() {
		return Map.of("pong", true);
	}

	@UdsRpcHandler("Echo")
	public EchoMessage echo(EchoMessage message) {
		return message;
	}

	@UdsRpcHandler("Hello")
	public String hello(String name, UdsRpcConnection connection) {
		return this.greeting.current() + ", " + name + " (pid " + connection.peer().pid() + ")";
	}

	/**
	 * The params and result of {@code Echo}.
	 *
	 * @param msg the message
	 */
	public record EchoMessage(String msg) {

	}

}
