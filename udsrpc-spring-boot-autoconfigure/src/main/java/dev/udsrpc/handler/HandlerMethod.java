package dev.udsrpc.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * An RPC method bound to a Java method of a bean.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class HandlerMethod {

	private final String name;

	private final Object bean;

	private final String beanName;

	private final Method method;

	private final Method declaration;

	private final Supplier<ParameterBindings> factory;

	private volatile ParameterBinding @Nullable [] bindings;

	HandlerMethod(String name, Object bean, String beanName, Method method, Method declaration,
			Supplier<ParameterBindings> factory) {
		this.name = name;
		this.bean = bean;
		this.beanName = beanName;
		this.method = method;
		this.declaration = declaration;
		this.factory = factory;
		method.trySetAccessible();
	}

	private ParameterBinding[] bindings() {
		ParameterBinding[] bindings = this.bindings;
		if (bindings == null) {
			// bound on first use, so that argument resolvers added by the server apply
			bindings = this.factory.get().bind(this.declaration);
			this.bindings = bindings;
		}
		return bindings;
	}

	/**
	 * Return the RPC method name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the bean the method is invoked on.
	 * @return the bean
	 */
	public Object bean() {
		return this.bean;
	}

	/**
	 * Return the name of the bean.
	 * @return the bean name
	 */
	public String beanName() {
		return this.beanName;
	}

	/**
	 * Return the Java method.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * Return the names of the parameters bound from params, in order.
	 * @return the parameter names
	 */
	public List<String> paramNames() {
		return Arrays.stream(bindings())
			.filter(ParameterBinding::fromParams)
			.map(ParameterBinding::name)
			.collect(Collectors.toUnmodifiableList());
	}

	/**
	 * Invoke the method for a call.
	 * @param call the call
	 * @return the return value: {@code null} for {@code void}, possibly a
	 * {@link java.util.concurrent.CompletionStage}
	 * @throws dev.udsrpc.protocol.UdsRpcException with code {@code -32602} if the params
	 * cannot be bound
	 * @throws Exception what the method threw
	 */
	public @Nullable Object invoke(RpcCall call) throws Exception {
		Objects.requireNonNull(call, "'call' must not be null");
		ParameterBinding[] bindings = bindings();
		Object[] args = new Object[bindings.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = bindings[i].resolve(call);
		}
		ParameterBindings.checkNoExtraPositional(bindings, call);
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(target);
		}
	}

	/**
	 * Return a description naming the bean and the Java method.
	 * @return the description
	 */
	public String description() {
		String parameters = Arrays.stream(this.method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return "'" + this.beanName + "' (" + this.method.getDeclaringClass().getName() + "." + this.method.getName()
				+ "(" + parameters + "))";
	}

	@Override
	public String toString() {
		return this.name + " -> " + description();
	}

	/**
	 * How one parameter gets its argument.
	 */
	interface ParameterBinding {

		@Nullable Object resolve(RpcCall call);

		String name();

		boolean fromParams();

		static ParameterBinding resolver(Parameter parameter, ArgumentResolver resolver) {
			return new ParameterBinding() {

				@Override
				public @Nullable Object resolve(RpcCall call) {
					return resolver.resolve(parameter, call);
				}

				@Override
				public String name() {
					return parameter.getName();
				}

				@Override
				public boolean fromParams() {
					return false;
				}

			};
		}

	}

}
