package dev.udsrpc.autoconfigure.validation;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.udsrpc.handler.HandlerInterceptor;
import dev.udsrpc.handler.HandlerInvocation;
import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.UdsRpcException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.metadata.MethodDescriptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.validation.beanvalidation.MethodValidationAdapter;

/**
 * Validates the arguments of a handler method before it runs, as Spring MVC validates
 * {@code @Valid @RequestBody}: parameters annotated with {@link jakarta.validation.Valid
 *
 * @Valid} and parameters with constraint annotations, without {@code @Validated} on the
 * bean (whose groups apply when present). Violations are answered with {@code -32602} and
 * {@code data: {"violations": [{"path", "message"}, …]}}, each path relative to the
 * params.
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcValidationInterceptor implements HandlerInterceptor, Ordered {

	/**
	 * The order of this interceptor: inside the one that sets the security context.
	 */
	public static final int ORDER = 0;

	private static final Log logger = LogFactory.getLog(UdsRpcValidationInterceptor.class);

	private final Validator validator;

	private final MethodValidationAdapter adapter;

	private final Map<HandlerMethod, Target> targets = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param validator the validator
	 */
	public UdsRpcValidationInterceptor(Validator validator) {
		Assert.notNull(validator, "'validator' must not be null");
		this.validator = validator;
		this.adapter = new MethodValidationAdapter(validator);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public @Nullable Object intercept(HandlerInvocation invocation) throws Exception {
		HandlerMethod handler = invocation.handler();
		Target target = this.targets.computeIfAbsent(handler, this::target);
		if (target.constrained()) {
			Set<ConstraintViolation<Object>> violations = this.validator.forExecutables()
				.validateParameters(target.object(), target.method(), invocation.arguments().toArray(),
						target.groups());
			if (!violations.isEmpty()) {
				throw invalidParams(handler, violations);
			}
		}
		return invocation.proceed();
	}

	private Target target(HandlerMethod handler) {
		Object object = handler.bean();
		Object singleton;
		while ((singleton = AopProxyUtils.getSingletonTarget(object)) != null) {
			object = singleton;
		}
		Class<?> type = AopUtils.getTargetClass(object);
		Method method = AopUtils.getMostSpecificMethod(handler.method(), type);
		MethodDescriptor descriptor = this.validator.getConstraintsForClass(type)
			.getConstraintsForMethod(method.getName(), method.getParameterTypes());
		boolean constrained = descriptor != null && descriptor.hasConstrainedParameters();
		return new Target(object, method, this.adapter.determineValidationGroups(object, method), constrained);
	}

	private UdsRpcException invalidParams(HandlerMethod handler, Set<ConstraintViolation<Object>> violations) {
		List<Map<String, String>> described = violations.stream()
			.map((violation) -> ViolationPath.describe(handler, violation))
			.sorted(Comparator.comparing((Map<String, String> violation) -> violation.get("path"))
				.thenComparing((violation) -> violation.get("message")))
			.toList();
		String message = "invalid params: " + described.stream()
			.map((violation) -> violation.get("path") + ": " + violation.get("message"))
			.collect(Collectors.joining("; "));
		if (logger.isDebugEnabled()) {
			logger.debug("Refusing the params of '" + handler.name() + "': " + message);
		}
		return new UdsRpcException(ErrorCodes.INVALID_PARAMS, message, Map.of("violations", described));
	}

	/**
	 * What a handler's arguments are validated against.
	 */
	private record Target(Object object, Method method, Class<?>[] groups, boolean constrained) {

	}

}
