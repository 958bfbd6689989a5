package dev.udsrpc.autoconfigure.observation;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.server.UdsRpcConnection;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DefaultUdsRpcObservationConvention}.
 */
class DefaultUdsRpcObservationConventionTests {

	@ParameterizedTest
	@CsvSource({ "-32602, CLIENT_ERROR", "-32003, CLIENT_ERROR", "-32603, SERVER_ERROR", "-32001, SERVER_ERROR",
			"1001, APPLICATION_ERROR" })
	void outcomeOfAnErrorCode(int code, String outcome) {
		UdsRpcObservationContext context = new UdsRpcObservationContext("M", RpcId.NULL, Dialect.GO,
				mock(UdsRpcConnection.class), true);
		context.failed(code, "m");
		assertThat(new DefaultUdsRpcObservationConvention().getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("outcome", outcome));
	}

}
