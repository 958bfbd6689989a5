package dev.udsrpc.server;

import java.util.Map;

import dev.udsrpc.handler.HandlerRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonPreloader}.
 */
class JsonPreloaderTests {

	@Test
	void decodesTheSampleRequestAndWritesAResultForIt() {
		assertThat(JsonPreloader.preload()).isEqualTo("{\"preload\":true}");
	}

	@Test
	void warmsTheSharedDefaultMapperThatHandlerRegistriesKeep() {
		JsonPreloader.preload();
		JsonMapper mapper = HandlerRegistry.defaultJsonMapper();
		assertThat(mapper).isSameAs(HandlerRegistry.defaultJsonMapper());
		assertThat(mapper.tokenStreamFactory()._getRecyclerPool()).isSameAs(JsonRecyclerPools.threadLocalPool());
		assertThat(new HandlerRegistry(mapper).jsonMapper()).isSameAs(mapper);
		assertThat(mapper.writeValueAsString(Map.of("pong", true))).isEqualTo("{\"pong\":true}");
	}

}
