package dev.udsrpc.handler;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * Derives the mapper a server binds params and writes results with: the application's
 * mapper, with its modules and features, over a stream factory that keeps its buffers per
 * thread.
 * <p>
 * Jackson 3 shares buffers through a concurrent pool by default, which suits many
 * short-lived (virtual) threads; a server's few long-lived workers each parse and write a
 * message per request, and there the shared pool's contention cost a measurable share of
 * every request.
 *
 * @author udsrpc authors
 */
final class PooledJsonMapper {

	private PooledJsonMapper() {
	}

	/**
	 * Return a copy of the mapper whose stream factory keeps its buffers per thread, or
	 * the mapper itself if its buffers are kept per thread already.
	 * @param mapper the application's mapper
	 * @return the copy
	 */
	static JsonMapper of(JsonMapper mapper) {
		return of(mapper, mapper.tokenStreamFactory().streamReadConstraints());
	}

	/**
	 * Return a copy of the mapper whose stream factory keeps its buffers per thread and
	 * reads within the given constraints, or the mapper itself if it does both already.
	 * The mapper given, which others may share, is never changed.
	 * @param mapper the application's mapper
	 * @param constraints the limits to read within
	 * @return the copy
	 */
	static JsonMapper of(JsonMapper mapper, StreamReadConstraints constraints) {
		JsonFactory factory = mapper.tokenStreamFactory();
		if (factory._getRecyclerPool() == JsonRecyclerPools.threadLocalPool()
				&& factory.streamReadConstraints() == constraints) {
			return mapper;
		}
		return new Builder(mapper, factory(factory.rebuild().streamReadConstraints(constraints))).build();
	}

	/**
	 * Build a stream factory that keeps its buffers per thread.
	 * @param builder the factory's settings
	 * @return the factory
	 */
	static JsonFactory factory(JsonFactoryBuilder builder) {
		return builder.recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
	}

	/**
	 * A builder that starts from a mapper's state with another stream factory.
	 */
	private static final class Builder extends JsonMapper.Builder {

		Builder(JsonMapper mapper, JsonFactory factory) {
			super(new JsonMapper.Builder.StateImpl(mapper.rebuild()));
			this._streamFactory = factory;
		}

	}

}
