package dev.udsrpc.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.handler.UdsRpcParam;
import org.jspecify.annotations.Nullable;

/**
 * Turns calls of an interface's methods into RPC calls.
 *
 * @author udsrpc authors
 */
final class ProxyInvocationHandler implements InvocationHandler {

	private final UdsRpcClient client;

	private final Class<?> api;

	private final Map<Method, Target> targets = new ConcurrentHashMap<>();

	ProxyInvocationHandler(UdsRpcClient client, Class<?> api) {
		this.client = client;
		this.api = api;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == ((args != null) ? args[0] : null);
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "udsrpc client proxy for " + this.api.getName();
			};
		}
		Target target = this.targets.computeIfAbsent(method, Target::new);
		CompletableFuture<@Nullable Object> future = this.client.callAsync(target.name, target.params(args),
				target.resultType);
		if (target.async) {
			return future.exceptionallyCompose((ex) -> CompletableFuture.failedFuture(PendingCalls.unwrap(ex)));
		}
		Object result = this.client.await(target.name, future);
		return (method.getReturnType() == void.class) ? null : result;
	}

	private static final class Target {

		final String name;

		final boolean async;

		final Type resultType;

		final List<Integer> sent = new ArrayList<>();

		final List<String> names = new ArrayList<>();

		final boolean whole;

		Target(Method method) {
			UdsRpcHandler annotation = method.getAnnotation(UdsRpcHandler.class);
			this.name = (annotation != null && !annotation.value().isEmpty()) ? annotation.value() : method.getName();
			Class<?> returnType = method.getReturnType();
			this.async = CompletionStage.class.isAssignableFrom(returnType);
			Type generic = method.getGenericReturnType();
			if (this.async) {
				this.resultType = (generic instanceof ParameterizedType parameterized)
						? parameterized.getActualTypeArguments()[0] : Object.class;
			}
			else {
				this.resultType = (returnType == void.class) ? Object.class : generic;
			}
			Parameter[] parameters = method.getParameters();
			for (int i = 0; i < parameters.length; i++) {
				// parameters the server injects (the connection, its peer) are not sent
				if (parameters[i].getType().getName().startsWith("dev.udsrpc.server.")) {
					continue;
				}
				this.sent.add(i);
				UdsRpcParam param = parameters[i].getAnnotation(UdsRpcParam.class);
				this.names.add((param != null && !param.value().isEmpty()) ? param.value() : parameters[i].getName());
			}
			this.whole = this.sent.size() == 1 && parameters[this.sent.get(0)].getAnnotation(UdsRpcParam.class) == null;
		}

		@Nullable Object params(Object @Nullable [] args) {
			if (this.sent.isEmpty() || args == null) {
				return null;
			}
			if (this.whole) {
				return args[this.sent.get(0)];
			}
			Map<String, @Nullable Object> named = new LinkedHashMap<>();
			for (int i = 0; i < this.sent.size(); i++) {
				named.put(this.names.get(i), args[this.sent.get(i)]);
			}
			return named;
		}

	}

}
