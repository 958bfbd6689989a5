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

	private final Supplier<HandlerInterceptor[]> interceptors;

	private volatile ParameterBinding @Nullable [] bindings;

	HandlerMethod(String name, Object bean, String beanName, Method method, Method declaration,
			Supplier<ParameterBindings> factory, Supplier<HandlerInterceptor[]> interceptors) {
		this.name = name;
		this.bean = bean;
		this.beanName = beanName;
		this.method = method;
		this.declaration = declaration;
		this.factory = factory;
		this.interceptors = interceptors;
		method.trySetAccessible();
	}

	private ParameterBinding[] bindings() {
		ParameterBinding[] bindings = this.bindings;
		if (bindings == null) {
			// bound on first use, so that argument resolvers added after registration
			// apply
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
	 * Return the name that the argument of a parameter is bound from in params: the
	 * parameter's name, or that of its {@link UdsRpcParam @UdsRpcParam}.
	 * @param index the index of the parameter in the method's parameter list
	 * @return the name, or {@code null} for a parameter that an {@link ArgumentResolver}
	 * resolves
	 * @since 0.1.0
	 */
	public @Nullable String paramsName(int index) {
		ParameterBinding binding = bindings()[index];
		return binding.fromParams() ? binding.name() : null;
	}

	/**
	 * Return whether the argument of a parameter is bound from the whole params, not from
	 * one member of them: the only parameter bound from params, of a type that is not a
	 * scalar (an object, an array or a collection).
	 * @param index the index of the parameter in the method's parameter list
	 * @return whether the parameter binds the whole params
	 * @since 0.1.0
	 */
	public boolean bindsWholeParams(int index) {
		return bindings()[index].wholeParams();
	}

	/**
	 * Invoke the method for a call: bind its arguments, then run the registry's
	 * {@link HandlerInterceptor interceptors} around it.
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
		HandlerInterceptor[] interceptors = this.interceptors.get();
		if (interceptors.length == 0) {
			return invokeMethod(args);
		}
		return new HandlerInvocation(this, call, args, interceptors).proceed();
	}

	@Nullable Object invokeMethod(@Nullable Object[] args) throws Exception {
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

		default boolean wholeParams() {
			return false;
		}

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
