package dev.udsrpc.autoconfigure.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.handler.HandlerInterceptor;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.server.PeerCredentials;
import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.OtherUserClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link UdsRpcSecurityAutoConfiguration} over a real socket, with
 * peers of other users played by {@code setpriv}.
 */
@ExtendWith(OutputCaptureExtension.class)
class UdsRpcSecurityAutoConfigurationIntegrationTests {

	@TempDir
	Path tempDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(UdsRpcServerAutoConfiguration.class, UdsRpcSecurityAutoConfiguration.class))
		.withUserConfiguration(SecuredConfiguration.class)
		.withPropertyValues("spring.application.name=sapp", "udsrpc.server.allowed-uids=0,65534",
				"udsrpc.server.socket-permissions=rw-rw-rw-");

	@Test
	void aMethodForRootAnswersRootAndRefusesAnotherUserWithAccessDenied(CapturedOutput output) throws Exception {
		OtherUserClient.assumeAvailable();
		run((socket, context) -> {
			try (LineClient client = new LineClient(socket)) {
				assertThat(client.send("{\"id\":1,\"method\":\"Admin\"}").receive())
					.isEqualTo("{\"id\":1,\"result\":\"done\"}");
			}
			assertThat(OtherUserClient.call(socket, 65534, 65534, List.of(), "{\"id\":2,\"method\":\"Admin\"}"))
				.isEqualTo("{\"id\":2,\"error\":{\"code\":-32003,\"message\":\"access denied\"}}");
			// the bean is a proxy: its state is read through a method
			assertThat(context.getBean(Secured.class).adminCalls()).isEqualTo(1);
		});
		assertThat(output).doesNotContain("WARN").doesNotContain("Exception");
	}

	@Test
	void eachCallRunsWithAnAuthenticationOfThePeer() throws Exception {
		OtherUserClient.assumeAvailable();
		run((socket, context) -> {
			assertThat(OtherUserClient.call(socket, 65534, 65534, List.of(100L, 65534L),
					"{\"id\":1,\"method\":\"WhoAmI\"}"))
				.isEqualTo("{\"id\":1,\"result\":{\"name\":\"nobody\",\"peer\":65534,"
						+ "\"authorities\":[\"GID_100\",\"GID_65534\",\"UID_65534\"]}}");
			try (LineClient client = new LineClient(socket)) {
				assertThat(client.send("{\"id\":2,\"method\":\"WhoAmI\"}").receive())
					.startsWith("{\"id\":2,\"result\":{\"name\":\"root\",\"peer\":0,\"authorities\":[")
					.contains("\"ROLE_ADMIN\"", "\"UID_0\"", "\"GID_0\"");
				assertThat(client.send("{\"id\":3,\"method\":\"Operator\"}").receive())
					.isEqualTo("{\"id\":3,\"result\":\"operated\"}");
			}
			assertThat(OtherUserClient.call(socket, 65534, 65534, List.of(), "{\"id\":4,\"method\":\"Operator\"}"))
				.isEqualTo("{\"id\":4,\"error\":{\"code\":-32003,\"message\":\"access denied\"}}");
		});
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(UdsRpcServerAutoConfiguration.class, UdsRpcSecurityAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withPropertyValues("udsrpc.server.auto-startup=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HandlerInterceptor.class));
	}

	private void run(SocketTest test) {
		Path dir = this.tempDir.resolve("run");
		try {
			OtherUserClient.openToAll(this.tempDir);
			Files.createDirectory(dir,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
			OtherUserClient.openToAll(dir);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.contextRunner.withPropertyValues("udsrpc.runtime-dir=" + dir).run((context) -> {
			assertThat(context).hasNotFailed();
			test.run(dir.resolve("sapp.sock"), context);
		});
	}

	@FunctionalInterface
	interface SocketTest {

		void run(Path socket, org.springframework.context.ApplicationContext context) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class SecuredConfiguration {

		@Bean
		Secured secured() {
			return new Secured();
		}

		@Bean
		UdsRpcAuthoritiesMapper rootIsAdmin() {
			return (peer, authorities) -> {
				List<GrantedAuthority> mapped = new ArrayList<>(authorities);
				if (peer.uid() == 0) {
					mapped.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
				}
				return mapped;
			};
		}

	}

	public static class Secured {

		final AtomicInteger adminCalls = new AtomicInteger();

		@UdsRpcHandler("Admin")
		@PreAuthorize("hasAuthority('UID_0')")
		public String admin() {
			this.adminCalls.incrementAndGet();
			return "done";
		}

		public int adminCalls() {
			return this.adminCalls.get();
		}

		@UdsRpcHandler("Operator")
		@PreAuthorize("hasRole('ADMIN')")
		public String operator() {
			return "operated";
		}

		@UdsRpcHandler("WhoAmI")
		public Who whoAmI() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			Collection<? extends GrantedAuthority> authorities = authentication.getAuthorities();
			return new Who(authentication.getName(), ((PeerCredentials) authentication.getPrincipal()).uid(),
					authorities.stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

	}

	record Who(String name, long peer, List<String> authorities) {

	}

}
