package dev.udsrpc.handler;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PooledJsonMapper}.
 */
class PooledJsonMapperTests {

	@Test
	void keepsTheModulesAndFeaturesOfTheApplicationMapper() {
		SimpleModule module = new SimpleModule("test").addSerializer(Money.class, new ValueSerializer<Money>() {

			@Override
			public void serialize(Money value, JsonGenerator generator, SerializationContext context) {
				generator.writeString(value.cents() / 100 + "." + value.cents() % 100 + " EUR");
			}

		});
		JsonMapper application = JsonMapper.builder()
			.addModule(module)
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.build();
		JsonMapper pooled = PooledJsonMapper.of(application);
		Map<String, Object> value = Map.of("b", new Money(1250), "a", 1);
		assertThat(pooled.writeValueAsString(value)).isEqualTo(application.writeValueAsString(value))
			.isEqualTo("{\"a\":1,\"b\":\"12.50 EUR\"}");
		assertThat(pooled.readValue("{\"cents\":3}", Money.class)).isEqualTo(new Money(3));
	}

	@Test
	void keepsBuffersPerThread() {
		JsonMapper application = JsonMapper.builder().build();
		assertThat(PooledJsonMapper.of(application).tokenStreamFactory()._getRecyclerPool())
			.isSameAs(JsonRecyclerPools.threadLocalPool());
	}

	@Test
	void keepsAMapperWhoseBuffersAreKeptPerThreadAlready() {
		JsonMapper pooled = PooledJsonMapper.of(JsonMapper.builder().build());
		assertThat(PooledJsonMapper.of(pooled)).isSameAs(pooled);
		assertThat(HandlerRegistry.defaultJsonMapper().tokenStreamFactory()._getRecyclerPool())
			.isSameAs(JsonRecyclerPools.threadLocalPool());
	}

	@Test
	void isTheMapperOfTheRegistry() {
		HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());
		assertThat(registry.jsonMapper().tokenStreamFactory()._getRecyclerPool())
			.isSameAs(JsonRecyclerPools.threadLocalPool());
	}

	record Money(long cents) {

	}

}
