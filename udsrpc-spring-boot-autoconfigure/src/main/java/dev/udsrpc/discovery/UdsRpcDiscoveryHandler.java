package dev.udsrpc.discovery;

import java.util.List;
import java.util.Objects;

import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code rpc.discover}, the OpenRPC service discovery method: its result is the
 * OpenRPC document of every other method of the registry. Register it like any handler
 * bean, for example with {@link HandlerRegistry#registerAnnotated(Object, String)}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcDiscoveryHandler {

	private final HandlerRegistry registry;

	private final String title;

	private final String version;

	private volatile @Nullable OpenRpcDocumentGenerator generator;

	private volatile @Nullable Cached cached;

	/**
	 * Create the handler.
	 * @param registry the handlers to describe
	 * @param title the title of the API, for example the daemon's name
	 * @param version the version of the API
	 */
	public UdsRpcDiscoveryHandler(HandlerRegistry registry, String title, String version) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.title = Objects.requireNonNull(title, "'title' must not be null");
		this.version = Objects.requireNonNull(version, "'version' must not be null");
	}

	/**
	 * Describe the methods of the registry.
	 * @return the OpenRPC document
	 */
	@UdsRpcHandler(OpenRpcDocumentGenerator.DISCOVER_METHOD)
	public ObjectNode discover() {
		List<HandlerMethod> handlers = this.registry.handlers();
		Cached cached = this.cached;
		if (cached == null || !cached.handlers().equals(handlers)) {
			// generated once for a set of handlers, which is fixed once the server runs
			cached = new Cached(handlers, generator().generate(handlers, this.title, this.version));
			this.cached = cached;
		}
		return cached.document().deepCopy();
	}

	private OpenRpcDocumentGenerator generator() {
		OpenRpcDocumentGenerator generator = this.generator;
		if (generator == null) {
			// built on first use: the schema generator is not worth its start-up cost
			// before
			generator = new OpenRpcDocumentGenerator(this.registry.jsonMapper());
			this.generator = generator;
		}
		return generator;
	}

	private record Cached(List<HandlerMethod> handlers, ObjectNode document) {

	}

}
