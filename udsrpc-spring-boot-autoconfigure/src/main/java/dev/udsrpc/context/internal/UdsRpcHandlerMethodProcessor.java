package dev.udsrpc.context.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Supplier;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.UdsRpcHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Registers the {@link UdsRpcHandler @UdsRpcHandler} methods of every singleton bean with
 * the {@link HandlerRegistry}, once all singletons exist and before the server starts.
 * Proxied beans are invoked through their proxy.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcHandlerMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(UdsRpcHandlerMethodProcessor.class);

	private final Supplier<HandlerRegistry> registry;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create a new processor.
	 * @param registry supplies the registry to add handlers to, looked up once all
	 * singletons exist
	 */
	public UdsRpcHandlerMethodProcessor(Supplier<HandlerRegistry> registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No bean factory");
		HandlerRegistry registry = this.registry.get();
		for (String beanName : beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
			if (type == null) {
				continue;
			}
			Map<Method, UdsRpcHandler> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<UdsRpcHandler>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, UdsRpcHandler.class));
			if (methods.isEmpty()) {
				continue;
			}
			Object bean = beanFactory.getBean(beanName);
			methods.forEach((method, annotation) -> {
				String name = StringUtils.hasText(annotation.value()) ? annotation.value() : method.getName();
				Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
				registry.register(name, bean, beanName, invocable, method);
				if (logger.isDebugEnabled()) {
					logger.debug("Mapped udsrpc method '" + name + "' to " + beanName + "." + method.getName());
				}
			});
		}
	}

}
