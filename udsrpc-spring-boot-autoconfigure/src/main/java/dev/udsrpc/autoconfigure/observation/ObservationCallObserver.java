package dev.udsrpc.autoconfigure.observation;

import java.util.function.Predicate;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.RpcId;
import dev.udsrpc.server.UdsRpcCallObserver;
import dev.udsrpc.server.UdsRpcConnection;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UdsRpcCallObserver} that records one {@link Observation} per call.
 *
 * @author udsrpc authors
 */
final class ObservationCallObserver implements UdsRpcCallObserver {

	private static final DefaultUdsRpcObservationConvention DEFAULT_CONVENTION = new DefaultUdsRpcObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable UdsRpcObservationConvention convention;

	private final Predicate<String> knownMethods;

	/**
	 * Create an observer.
	 * @param registry the registry
	 * @param convention the convention, {@code null} for the default
	 * @param knownMethods tells whether a handler exists for a method
	 */
	ObservationCallObserver(ObservationRegistry registry, @Nullable UdsRpcObservationConvention convention,
			Predicate<String> knownMethods) {
		this.registry = registry;
		this.convention = convention;
		this.knownMethods = knownMethods;
	}

	@Override
	public Call start(String method, RpcId id, Dialect dialect, UdsRpcConnection connection) {
		UdsRpcObservationContext context = new UdsRpcObservationContext(method, id, dialect, connection,
				this.knownMethods.test(method));
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		if (observation.isNoop()) {
			return Call.NONE;
		}
		return new Call() {

			@Override
			public void succeeded() {
				observation.stop();
			}

			@Override
			public void failed(int code, String message, @Nullable Throwable cause) {
				context.failed(code, message);
				if (cause != null) {
					observation.error(cause);
				}
				observation.stop();
			}

		};
	}

}
