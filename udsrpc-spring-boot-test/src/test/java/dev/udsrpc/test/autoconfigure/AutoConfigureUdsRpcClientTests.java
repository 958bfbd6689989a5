package dev.udsrpc.test.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.handler.UdsRpcHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureUdsRpcClient @AutoConfigureUdsRpcClient}.
 */
@SpringBootTest(classes = AutoConfigureUdsRpcClientTests.PingConfiguration.class)
@AutoConfigureUdsRpcClient
class AutoConfigureUdsRpcClientTests {

	@Autowired
	UdsRpcClient client;

	@Autowired
	DaemonLocation location;

	@Test
	void injectsAClientConnectedToTheDaemonUnderTest() {
		assertThat(this.client.call("Ping", null, Map.class)).containsEntry("pong", true);
	}

	@Test
	void servesFromAPrivateDirectoryUnderTheTemporaryDirectory() throws IOException {
		Path runtimeDir = this.location.runtimeDir();
		assertThat(runtimeDir.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
		assertThat(runtimeDir.getFileName().toString()).startsWith("udsrpc-test-");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtimeDir))).isEqualTo("rwx------");
	}

	@Test
	void removesTheDirectoryWhenTheContextCloses() {
		Path runtimeDir;
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			new UdsRpcClientContextCustomizerFactory.Customizer().customizeContext(context, null);
			context.register(PingConfiguration.class);
			context.refresh();
			runtimeDir = context.getBean(DaemonLocation.class).runtimeDir();
			assertThat(context.getBean(UdsRpcClient.class).call("Ping", null, Map.class)).containsEntry("pong", true);
			assertThat(runtimeDir).isDirectory();
		}
		assertThat(runtimeDir).doesNotExist();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(UdsRpcServerAutoConfiguration.class)
	static class PingConfiguration {

		@Bean
		Pinger pinger() {
			return new Pinger();
		}

	}

	static class Pinger {

		@UdsRpcHandler("Ping")
		public Map<String, Boolean> ping() {
			return Map.of("pong", true);
		}

	}

}
