package dev.udsrpc.autoconfigure.observation;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link UdsRpcObservationConvention}, after OpenTelemetry's semantic
 * conventions for JSON-RPC: observation {@value #NAME}, contextual name the RPC method.
 * <p>
 * Low cardinality keys: {@code rpc.system} ({@code jsonrpc}), {@code rpc.method} (the
 * method, or {@code _OTHER} for a method that does not exist, from the start of the call,
 * so that clients cannot create meters at will, not even the long task timer of the calls
 * in progress), {@code rpc.jsonrpc.error_code} (the error code, {@code none} for a
 * success: every meter of one name needs the same keys), {@code outcome}
 * ({@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or
 * {@code APPLICATION_ERROR}) and {@code udsrpc.dialect} ({@code go} or
 * {@code jsonrpc-2.0}). High cardinality keys: {@code rpc.jsonrpc.request_id},
 * {@code rpc.jsonrpc.error_message} (failures only) and {@code udsrpc.connection.id}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class DefaultUdsRpcObservationConvention implements UdsRpcObservationConvention {

	/**
	 * The name of the observation, and so of its timer.
	 */
	public static final String NAME = "udsrpc.server.requests";

	private static final KeyValue SYSTEM = KeyValue.of("rpc.system", "jsonrpc");

	private static final KeyValue NO_ERROR = KeyValue.of("rpc.jsonrpc.error_code", KeyValue.NONE_VALUE);

	private static final KeyValue UNKNOWN_METHOD = KeyValue.of("rpc.method", "_OTHER");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(UdsRpcObservationContext context) {
		return context.getMethod();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(UdsRpcObservationContext context) {
		Integer code = context.getErrorCode();
		// also when the call starts, for the long task timer of the calls in progress
		KeyValue method = (!context.isKnownMethod() || (code != null && code == ErrorCodes.METHOD_NOT_FOUND))
				? UNKNOWN_METHOD : KeyValue.of("rpc.method", context.getMethod());
		KeyValue errorCode = (code != null) ? KeyValue.of("rpc.jsonrpc.error_code", Integer.toString(code)) : NO_ERROR;
		return KeyValues.of(SYSTEM, method, errorCode, KeyValue.of("outcome", outcome(code)),
				KeyValue.of("udsrpc.dialect", (context.getDialect() == Dialect.JSON_RPC_2) ? "jsonrpc-2.0" : "go"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(UdsRpcObservationContext context) {
		KeyValues values = KeyValues.of(KeyValue.of("rpc.jsonrpc.request_id", requestId(context)),
				KeyValue.of("udsrpc.connection.id", Long.toString(context.getConnection().id())));
		String message = context.getErrorMessage();
		return (message != null) ? values.and("rpc.jsonrpc.error_message", message) : values;
	}

	private static String requestId(UdsRpcObservationContext context) {
		String json = context.getId().toJson();
		// a string id is reported without its quotes, as OpenTelemetry does
		return (json.length() >= 2 && json.charAt(0) == '"') ? json.substring(1, json.length() - 1) : json;
	}

	private static String outcome(@Nullable Integer code) {
		if (code == null) {
			return "SUCCESS";
		}
		if (code == ErrorCodes.PARSE_ERROR || code == ErrorCodes.INVALID_REQUEST || code == ErrorCodes.METHOD_NOT_FOUND
				|| code == ErrorCodes.INVALID_PARAMS || code == ErrorCodes.ACCESS_DENIED) {
			return "CLIENT_ERROR";
		}
		// -32603 and the range JSON-RPC reserves for implementation-defined server errors
		if (code == ErrorCodes.INTERNAL_ERROR || (code >= -32099 && code <= -32000)) {
			return "SERVER_ERROR";
		}
		return "APPLICATION_ERROR";
	}

}
