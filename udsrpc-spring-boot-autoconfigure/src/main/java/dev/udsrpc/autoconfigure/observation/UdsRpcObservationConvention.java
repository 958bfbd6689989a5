package dev.udsrpc.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for RPC calls handled by the udsrpc server. Define a bean
 * of this type to replace {@link DefaultUdsRpcObservationConvention}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public interface UdsRpcObservationConvention extends ObservationConvention<UdsRpcObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof UdsRpcObservationContext;
	}

}
