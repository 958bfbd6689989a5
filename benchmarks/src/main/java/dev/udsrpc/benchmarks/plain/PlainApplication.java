package dev.udsrpc.benchmarks.plain;

import java.util.Map;

import dev.udsrpc.handler.UdsRpcHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/**
 * The start-up time baseline: a small Spring Boot application with one component. It is
 * packaged in a jar of its own, without a manifest class path, and run twice over: with
 * Spring Boot's starter alone on the class path (a plain Spring Boot application, whose
 * {@link UdsRpcHandler} annotation is then absent and ignored) and with the udsrpc
 * starter added, which makes the component's method an RPC handler.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@SpringBootApplication
public class PlainApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainApplication.class, args);
	}

	/**
	 * The application's one component; with the udsrpc starter, a handler of
	 * {@code Ping}.
	 */
	@Component
	public static class PingHandler {

		@UdsRpcHandler("Ping")
		public Map<String, Boolean> ping() {
			return Map.of("pong", true);
		}

	}

}
