package dev.udsrpc.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RpcParams}.
 */
class RpcParamsTests {

	@Test
	void ofJsonTextTellsTheKindOfValue() {
		assertThat(RpcParams.of(" {\"a\":1}").kind()).isEqualTo(RpcParams.Kind.OBJECT);
		assertThat(RpcParams.of("[1]").kind()).isEqualTo(RpcParams.Kind.ARRAY);
		assertThat(RpcParams.of("\"x\"").kind()).isEqualTo(RpcParams.Kind.VALUE);
	}

	@Test
	void ofSliceReadsOnlyItsPartOfTheBuffer() {
		byte[] line = "{\"id\":1,\"params\":[1,2]}\n".getBytes(StandardCharsets.UTF_8);
		RpcParams params = RpcParams.of(line, 17, 5, RpcParams.Kind.ARRAY);
		assertThat(params.toJson()).isEqualTo("[1,2]");
		assertThat(params.isArray()).isTrue();
		assertThat(params.buffer()).isSameAs(line);
	}

	@Test
	void ofSliceRejectsARangeOutsideTheBuffer() {
		byte[] buffer = new byte[4];
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> RpcParams.of(buffer, 2, 3, RpcParams.Kind.VALUE));
	}

}
