package dev.udsrpc.autoconfigure.app;

import dev.udsrpc.handler.UdsRpcHandler;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.stereotype.Component;

/**
 * A fresh application as a user writes it, with Bean Validation and Spring Security
 * besides the starter, and no web server.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SecuredValidatedApplication {

	/**
	 * The params of {@code Greet}.
	 *
	 * @param name who to greet
	 * @param times how often
	 */
	public record GreetRequest(@NotBlank String name, @Max(5) int times) {

	}

	@Component
	public static class Handlers {

		private volatile int greeted;

		@UdsRpcHandler("Greet")
		public String greet(@Valid GreetRequest request) {
			this.greeted++;
			return "Hello" + (" " + request.name()).repeat(request.times());
		}

		@UdsRpcHandler("Shutdown")
		@PreAuthorize("hasAuthority('UID_0')")
		public String shutdown() {
			return "only root may";
		}

		public int greeted() {
			return this.greeted;
		}

	}

}
