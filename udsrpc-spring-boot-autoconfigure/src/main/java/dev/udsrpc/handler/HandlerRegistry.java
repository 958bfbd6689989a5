package dev.udsrpc.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RPC methods a server dispatches to. Registration happens at startup and fails on a
 * duplicate name; lookups are lock-free.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class HandlerRegistry {

	private final JsonMapper jsonMapper;

	private final StreamReadConstraints readConstraints;

	private final List<ArgumentResolver> resolvers;

	private final Map<String, HandlerMethod> handlers = new ConcurrentHashMap<>();

	private final Map<String, HandlerMethod> ordered = Collections.synchronizedMap(new LinkedHashMap<>());

	private volatile @Nullable ParameterBindings bindings;

	private volatile HandlerInterceptor[] interceptors = new HandlerInterceptor[0];

	/**
	 * Create a registry with the built-in argument resolvers only.
	 * @param jsonMapper the mapper that binds params
	 */
	public HandlerRegistry(JsonMapper jsonMapper) {
		this(jsonMapper, List.of());
	}

	/**
	 * Create a registry that reads params within the stream read constraints of the given
	 * mapper.
	 * @param jsonMapper the mapper that binds params
	 * @param resolvers the resolvers for parameters that are not bound from params
	 */
	public HandlerRegistry(JsonMapper jsonMapper, Collection<? extends ArgumentResolver> resolvers) {
		this(jsonMapper, resolvers,
				Objects.requireNonNull(jsonMapper, "'jsonMapper' must not be null")
					.tokenStreamFactory()
					.streamReadConstraints());
	}

	/**
	 * Create a registry that reads params within the given limits, which should be those
	 * the server reads the rest of each message with, so that a client cannot pass in
	 * params what it cannot pass elsewhere. A params value beyond them is answered with
	 * {@code -32602} naming the parameter.
	 * @param jsonMapper the mapper that binds params; it is not changed
	 * @param resolvers the resolvers for parameters that are not bound from params
	 * @param readConstraints the limits on nesting depth, string and number lengths of
	 * params
	 * @since 0.1.0
	 */
	public HandlerRegistry(JsonMapper jsonMapper, Collection<? extends ArgumentResolver> resolvers,
			StreamReadConstraints readConstraints) {
		Objects.requireNonNull(jsonMapper, "'jsonMapper' must not be null");
		this.readConstraints = Objects.requireNonNull(readConstraints, "'readConstraints' must not be null");
		this.jsonMapper = PooledJsonMapper.of(jsonMapper, readConstraints);
		Objects.requireNonNull(resolvers, "'resolvers' must not be null");
		this.resolvers = new ArrayList<>(builtInResolvers());
		resolvers.forEach(this::addResolver);
	}

	/**
	 * Return the resolvers every registry consults first: those the class path provides
	 * as {@link ServiceLoader services}, such as the server's resolver of the calling
	 * connection, which this package cannot name.
	 */
	private static List<ArgumentResolver> builtInResolvers() {
		List<ArgumentResolver> builtIn = new ArrayList<>();
		ServiceLoader.load(ArgumentResolver.class, HandlerRegistry.class.getClassLoader()).forEach(builtIn::add);
		return builtIn;
	}

	private void addResolver(ArgumentResolver resolver) {
		if (this.resolvers.stream().noneMatch((existing) -> existing.getClass() == resolver.getClass())) {
			this.resolvers.add(resolver);
		}
	}

	/**
	 * Return the mapper for applications that have none of their own: a
	 * {@link JsonMapper} with the Jackson modules found on the class path, whose stream
	 * factory keeps its buffers per thread. It is built once, on first use, and shared;
	 * the server's background preinitializer builds it while the application starts.
	 * @return the default mapper
	 */
	public static JsonMapper defaultJsonMapper() {
		return DefaultJsonMapper.INSTANCE;
	}

	/**
	 * Add an argument resolver, consulted after the resolvers added before it. A handler
	 * binds its parameters on its first call, so the resolver applies to every handler
	 * not yet called.
	 * @param resolver the resolver
	 */
	public synchronized void addArgumentResolver(ArgumentResolver resolver) {
		Objects.requireNonNull(resolver, "'resolver' must not be null");
		addResolver(resolver);
		this.bindings = null;
	}

	/**
	 * Add an interceptor that wraps the invocation of every handler, inside the
	 * interceptors added before it. It applies from the next call on.
	 * @param interceptor the interceptor
	 * @since 0.1.0
	 */
	public synchronized void addInterceptor(HandlerInterceptor interceptor) {
		Objects.requireNonNull(interceptor, "'interceptor' must not be null");
		HandlerInterceptor[] interceptors = Arrays.copyOf(this.interceptors, this.interceptors.length + 1);
		interceptors[interceptors.length - 1] = interceptor;
		this.interceptors = interceptors;
	}

	/**
	 * Return the mapper that binds params and writes results: a copy of the one given,
	 * with the same configuration, reading within {@link #readConstraints()}.
	 * @return the mapper
	 */
	public JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * Return the limits that params are read within.
	 * @return the stream read constraints of {@link #jsonMapper()}
	 * @since 0.1.0
	 */
	public StreamReadConstraints readConstraints() {
		return this.readConstraints;
	}

	/**
	 * Holds the default mapper; class initialization builds it once, and a thread that
	 * asks while another builds it waits for that one.
	 */
	private static final class DefaultJsonMapper {

		static final JsonMapper INSTANCE = JsonMapper.builder(PooledJsonMapper.factory(JsonFactory.builder()))
			.findAndAddModules()
			.build();

	}

	/**
	 * Register a handler.
	 * @param name the RPC method name
	 * @param bean the bean to invoke the method on
	 * @param beanName the name of the bean, for messages
	 * @param method the method to invoke
	 * @return the registered handler
	 * @throws IllegalStateException if a handler with that name exists
	 */
	public HandlerMethod register(String name, Object bean, String beanName, Method method) {
		return register(name, bean, beanName, method, method);
	}

	/**
	 * Register a handler whose parameter declarations are read from another method, such
	 * as the target class method of a proxied bean.
	 * @param name the RPC method name
	 * @param bean the bean to invoke the method on
	 * @param beanName the name of the bean, for messages
	 * @param method the method to invoke
	 * @param declaration the method whose parameter names and annotations are used
	 * @return the registered handler
	 * @throws IllegalStateException if a handler with that name exists
	 */
	public synchronized HandlerMethod register(String name, Object bean, String beanName, Method method,
			Method declaration) {
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(bean, "'bean' must not be null");
		Objects.requireNonNull(method, "'method' must not be null");
		if (name.isEmpty()) {
			throw new IllegalArgumentException("'name' must not be empty");
		}
		HandlerMethod handler = new HandlerMethod(name, bean, beanName, method, declaration, this::bindings,
				() -> this.interceptors);
		HandlerMethod existing = this.handlers.putIfAbsent(name, handler);
		if (existing != null) {
			throw new IllegalStateException("Duplicate udsrpc handler for method '" + name + "': "
					+ existing.description() + " and " + handler.description());
		}
		this.ordered.put(name, handler);
		return handler;
	}

	/**
	 * Register every method of the bean's class (and of the interfaces it implements)
	 * annotated with {@link UdsRpcHandler}.
	 * @param bean the bean
	 * @param beanName the name of the bean, for messages
	 * @return the handlers registered
	 */
	public List<HandlerMethod> registerAnnotated(Object bean, String beanName) {
		Objects.requireNonNull(bean, "'bean' must not be null");
		List<HandlerMethod> registered = new ArrayList<>();
		for (Method method : bean.getClass().getMethods()) {
			if (Modifier.isStatic(method.getModifiers()) || method.isBridge()) {
				continue;
			}
			UdsRpcHandler annotation = findAnnotation(bean.getClass(), method);
			if (annotation != null) {
				String name = annotation.value().isEmpty() ? method.getName() : annotation.value();
				registered.add(register(name, bean, beanName, method));
			}
		}
		return registered;
	}

	/**
	 * Return the handler for an RPC method.
	 * @param name the RPC method name
	 * @return the handler or {@code null}
	 */
	public @Nullable HandlerMethod get(String name) {
		return this.handlers.get(name);
	}

	/**
	 * Return the registered handlers in registration order.
	 * @return the handlers
	 */
	public List<HandlerMethod> handlers() {
		synchronized (this.ordered) {
			return List.copyOf(this.ordered.values());
		}
	}

	/**
	 * Return the registered RPC method names.
	 * @return the names
	 */
	public Set<String> names() {
		return Collections.unmodifiableSet(this.handlers.keySet());
	}

	private synchronized ParameterBindings bindings() {
		ParameterBindings bindings = this.bindings;
		if (bindings == null) {
			bindings = new ParameterBindings(this.jsonMapper, List.copyOf(this.resolvers));
			this.bindings = bindings;
		}
		return bindings;
	}

	private static @Nullable UdsRpcHandler findAnnotation(Class<?> type, Method method) {
		UdsRpcHandler annotation = method.getAnnotation(UdsRpcHandler.class);
		if (annotation != null) {
			return annotation;
		}
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Class<?> candidate : interfacesAndSelf(current)) {
				try {
					annotation = candidate.getDeclaredMethod(method.getName(), method.getParameterTypes())
						.getAnnotation(UdsRpcHandler.class);
				}
				catch (NoSuchMethodException ex) {
					continue;
				}
				if (annotation != null) {
					return annotation;
				}
			}
		}
		return null;
	}

	private static List<Class<?>> interfacesAndSelf(Class<?> type) {
		List<Class<?>> result = new ArrayList<>();
		result.add(type);
		collectInterfaces(type, result);
		return result;
	}

	private static void collectInterfaces(Class<?> type, List<Class<?>> result) {
		for (Class<?> candidate : type.getInterfaces()) {
			if (!result.contains(candidate)) {
				result.add(candidate);
				collectInterfaces(candidate, result);
			}
		}
	}

}
