package dev.udsrpc.autoconfigure.observation;

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

	ObservationCallObserver(ObservationRegistry registry, @Nullable UdsRpcObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public Call start(String method, RpcId id, Dialect dialect, UdsRpcConnection connection) {
		UdsRpcObservationContext context = new UdsRpcObservationContext(method, id, dialect, connection);
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
