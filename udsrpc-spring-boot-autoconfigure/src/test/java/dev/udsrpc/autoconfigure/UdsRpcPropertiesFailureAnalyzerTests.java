package dev.udsrpc.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UdsRpcPropertiesFailureAnalyzer} and the ranges that
 * {@link UdsRpcProperties} checks.
 */
class UdsRpcPropertiesFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void valuesOutOfRangeAreNamedAsPropertiesWithValueOriginAndReason() {
		this.contextRunner
			.withPropertyValues("udsrpc.server.max-connections=-5", "udsrpc.server.max-message-size=3GB",
					"udsrpc.server.socket-permissions=999")
			.run((context) -> {
				FailureAnalysis analysis = new UdsRpcPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Invalid udsrpc configuration:")
					.contains("Property: udsrpc.server.max-connections\n    Value: \"-5\"\n    Origin: ")
					.contains("Reason: must be at least 1")
					.contains("Property: udsrpc.server.max-message-size\n    Value: \"3GB\"")
					.contains("Reason: must be from 1B to 2147483647B")
					.contains("Property: udsrpc.server.socket-permissions\n    Value: \"999\"")
					.contains("Reason: must be symbolic (rw-------) or octal (600) permissions");
				assertThat(analysis.getAction()).isEqualTo("Change udsrpc.server.max-connections, "
						+ "udsrpc.server.max-message-size, udsrpc.server.socket-permissions in the application's "
						+ "configuration as the reason says, or remove them to use the default.");
			});
	}

	@Test
	void theConnectionAndInputLimitsAreCheckedToo() {
		this.contextRunner
			.withPropertyValues("udsrpc.server.max-connections-per-uid=0", "udsrpc.server.backlog=-1",
					"udsrpc.server.max-buffered-input=0B", "udsrpc.server.partial-line-timeout=0s")
			.run((context) -> {
				FailureAnalysis analysis = new UdsRpcPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: udsrpc.server.max-connections-per-uid")
					.contains("Property: udsrpc.server.backlog")
					.contains("Property: udsrpc.server.max-buffered-input")
					.contains("Property: udsrpc.server.partial-line-timeout");
			});
	}

	@Test
	void defaultsAndValuesInRangeAreAccepted() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner
			.withPropertyValues("udsrpc.server.max-connections=1", "udsrpc.server.socket-permissions=660",
					"udsrpc.server.allowed-uids=0,1000", "udsrpc.daemon.stop-timeout=1ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(UdsRpcProperties.class)
	static class PropertiesConfiguration {

	}

}
