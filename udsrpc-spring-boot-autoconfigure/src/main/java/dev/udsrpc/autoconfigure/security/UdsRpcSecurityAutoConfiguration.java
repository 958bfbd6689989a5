package dev.udsrpc.autoconfigure.security;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.handler.HandlerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that runs each handler invocation with a Spring Security
 * {@link org.springframework.security.core.Authentication} of the connected peer, so that
 * method security applies to handlers.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@AutoConfiguration(after = UdsRpcServerAutoConfiguration.class)
@ConditionalOnClass(SecurityContextHolder.class)
@ConditionalOnBean(HandlerRegistry.class)
public final class UdsRpcSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UdsRpcSecurityInterceptor udsRpcSecurityInterceptor(ObjectProvider<SecurityContextHolderStrategy> strategy,
			ObjectProvider<UdsRpcAuthoritiesMapper> mapper) {
		return new UdsRpcSecurityInterceptor(strategy.getIfAvailable(SecurityContextHolder::getContextHolderStrategy),
				mapper.getIfAvailable(() -> (peer, authorities) -> authorities));
	}

}
