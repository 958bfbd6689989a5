package dev.udsrpc.context.internal;

import dev.udsrpc.context.DaemonProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of the starter's own reflection: the command line binds
 * {@link DaemonProperties} through its setters.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
class UdsRpcRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(DaemonProperties.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
					MemberCategory.INVOKE_PUBLIC_METHODS);
	}

}
