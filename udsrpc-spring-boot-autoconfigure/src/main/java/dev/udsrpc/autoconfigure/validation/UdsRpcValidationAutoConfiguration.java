package dev.udsrpc.autoconfigure.validation;

import dev.udsrpc.autoconfigure.UdsRpcServerAutoConfiguration;
import dev.udsrpc.handler.HandlerRegistry;
import jakarta.validation.Validator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that validates the parameters of handler methods with the
 * application's Bean Validation {@link Validator} before they run.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@AutoConfiguration(after = UdsRpcServerAutoConfiguration.class,
		afterName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnClass(Validator.class)
@ConditionalOnBean(HandlerRegistry.class)
@ConditionalOnSingleCandidate(Validator.class)
public final class UdsRpcValidationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UdsRpcValidationInterceptor udsRpcValidationInterceptor(Validator validator) {
		return new UdsRpcValidationInterceptor(validator);
	}

}
