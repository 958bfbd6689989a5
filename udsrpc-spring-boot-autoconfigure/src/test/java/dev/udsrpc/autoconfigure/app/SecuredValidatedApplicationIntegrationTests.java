package dev.udsrpc.autoconfigure.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.udsrpc.test.LineClient;
import dev.udsrpc.test.OtherUserClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link SecuredValidatedApplication} as {@code SpringApplication.run} does, with
 * every auto-configuration on the class path, and calls it from outside: as root and as
 * uid 65534.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuredValidatedApplicationIntegrationTests {

	@TempDir
	Path tempDir;

	@Test
	void invalidParamsAndAMethodForRootAreAnsweredAsClientErrorsWithoutAWebServer(CapturedOutput output)
			throws Exception {
		OtherUserClient.assumeAvailable();
		OtherUserClient.openToAll(this.tempDir);
		Path dir = Files.createDirectory(this.tempDir.resolve("run"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		OtherUserClient.openToAll(dir);
		try (ConfigurableApplicationContext context = SpringApplication.run(SecuredValidatedApplication.class,
				"--spring.application.name=fresh", "--spring.main.banner-mode=off", "--udsrpc.runtime-dir=" + dir,
				"--udsrpc.server.allowed-uids=0,65534", "--udsrpc.server.socket-permissions=666")) {
			// no web server: the context a non-web application runs in
			assertThat(context).isExactlyInstanceOf(AnnotationConfigApplicationContext.class);
			Path socket = dir.resolve("fresh.sock");
			try (LineClient client = new LineClient(socket)) {
				assertThat(
						client.send("{\"id\":1,\"method\":\"Greet\",\"params\":{\"name\":\"\",\"times\":9}}").receive())
					.isEqualTo("{\"id\":1,\"error\":{\"code\":-32602,\"message\":\"invalid params: name: must not "
							+ "be blank; times: must be less than or equal to 5\",\"data\":{\"violations\":["
							+ "{\"path\":\"name\",\"message\":\"must not be blank\"},"
							+ "{\"path\":\"times\",\"message\":\"must be less than or equal to 5\"}]}}}");
				assertThat(context.getBean(SecuredValidatedApplication.Handlers.class).greeted()).isZero();
				assertThat(client.send("{\"id\":2,\"method\":\"Shutdown\"}").receive())
					.isEqualTo("{\"id\":2,\"result\":\"only root may\"}");
			}
			assertThat(OtherUserClient.call(socket, 65534, 65534, List.of(), "{\"id\":3,\"method\":\"Shutdown\"}"))
				.isEqualTo("{\"id\":3,\"error\":{\"code\":-32003,\"message\":\"access denied\"}}");
			assertThat(OtherUserClient.call(socket, 65534, 65534, List.of(),
					"{\"id\":4,\"method\":\"Greet\",\"params\":{\"name\":\"Bo\",\"times\":1}}"))
				.isEqualTo("{\"id\":4,\"result\":\"Hello Bo\"}");
		}
		assertThat(output).doesNotContain("Using generated security password")
			.doesNotContain("WARN")
			.doesNotContain("Tomcat")
			.doesNotContain("Netty");
	}

}
