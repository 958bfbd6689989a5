package dev.udsrpc.sample;

import java.util.Map;

import dev.udsrpc.test.autoconfigure.AutoConfigureUdsRpcClient;
import dev.udsrpc.client.UdsRpcClient;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.protocol.UdsRpcException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@code myd}'s handlers through the real socket, with the test support of the
 * starter.
 */
@SpringBootTest(properties = "myd.tick-interval=0s")
@AutoConfigureUdsRpcClient
class MydClientTests {

	@Autowired
	UdsRpcClient client;

	@Autowired
	DaemonLocation location;

	@Test
	void servesFromAPrivateTemporaryRuntimeDirectory() {
		assertThat(this.location.runtimeDir().getFileName().toString()).startsWith("udsrpc-test-");
		assertThat(this.location.socketPath()).exists();
	}

	@Test
	void pongs() {
		assertThat(this.client.call("Ping", null, Map.class)).containsEntry("pong", true);
	}

	@Test
	void storesAndReportsMissingKeys() {
		assertThat(this.client.call("Set", Map.of("key", "a", "value", "1"), KeyValueStore.Entry.class))
			.isEqualTo(new KeyValueStore.Entry("a", "1"));
		assertThatExceptionOfType(UdsRpcException.class)
			.isThrownBy(() -> this.client.call("Get", Map.of("key", "zzz"), KeyValueStore.Entry.class))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(KeyValueStore.NO_SUCH_KEY));
	}

}
