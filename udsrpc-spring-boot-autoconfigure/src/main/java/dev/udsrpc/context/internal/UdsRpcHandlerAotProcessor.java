package dev.udsrpc.context.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.udsrpc.handler.UdsRpcHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Registers the runtime hints of the {@code @UdsRpcHandler} methods of a bean for Spring
 * AOT ({@code spring-boot:process-aot}, native images): the methods, invoked by
 * reflection, the bean's methods, which {@link UdsRpcHandlerMethodProcessor} looks
 * through, and the types of their parameters and results, which Jackson binds and writes.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
class UdsRpcHandlerAotProcessor implements BeanRegistrationAotProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = registeredBean.getBeanClass();
		Map<Method, UdsRpcHandler> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<UdsRpcHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, UdsRpcHandler.class));
		if (methods.isEmpty()) {
			return null;
		}
		List<Method> handlers = new ArrayList<>(methods.keySet());
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			reflection.registerType(type, MemberCategory.INTROSPECT_PUBLIC_METHODS,
					MemberCategory.INTROSPECT_DECLARED_METHODS);
			for (Method method : handlers) {
				reflection.registerMethod(method, ExecutableMode.INVOKE);
				List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
				types.add(method.getGenericReturnType());
				this.bindings.registerReflectionHints(reflection, types.toArray(Type[]::new));
			}
		};
	}

}
