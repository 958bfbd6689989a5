package dev.udsrpc.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.udsrpc.handler.HandlerMethod.ParameterBinding;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcParams;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the {@link ParameterBinding bindings} of a handler method: parameters that an
 * {@link ArgumentResolver} supports are resolved by it; a single other parameter binds
 * the whole params; several bind by name from a params object or by position from a
 * params array.
 *
 * @author udsrpc authors
 */
final class ParameterBindings {

	private final JsonMapper mapper;

	private final List<ArgumentResolver> resolvers;

	ParameterBindings(JsonMapper mapper, List<ArgumentResolver> resolvers) {
		this.mapper = mapper;
		this.resolvers = resolvers;
	}

	ParameterBinding[] bind(Method method) {
		Parameter[] parameters = method.getParameters();
		ParameterBinding[] bindings = new ParameterBinding[parameters.length];
		List<Integer> ordinary = new ArrayList<>();
		for (int i = 0; i < parameters.length; i++) {
			ArgumentResolver resolver = findResolver(parameters[i]);
			if (resolver != null) {
				bindings[i] = ParameterBinding.resolver(parameters[i], resolver);
			}
			else {
				ordinary.add(i);
			}
		}
		boolean single = ordinary.size() == 1 && !parameters[ordinary.get(0)].isAnnotationPresent(UdsRpcParam.class);
		List<String> names = ordinary.stream().map((index) -> nameOf(parameters[index])).toList();
		for (int position = 0; position < ordinary.size(); position++) {
			int index = ordinary.get(position);
			bindings[index] = new ParamsBinding(parameters[index], position, names, single);
		}
		return bindings;
	}

	private @Nullable ArgumentResolver findResolver(Parameter parameter) {
		for (ArgumentResolver resolver : this.resolvers) {
			if (resolver.supports(parameter)) {
				return resolver;
			}
		}
		return null;
	}

	static void checkNoExtraPositional(ParameterBinding[] bindings, RpcCall call) {
		RpcParams params = call.params();
		if (params == null || !params.isArray()) {
			return;
		}
		int expected = 0;
		boolean whole = false;
		for (ParameterBinding binding : bindings) {
			if (binding instanceof ParamsBinding paramsBinding) {
				expected++;
				whole |= paramsBinding.single;
			}
		}
		JsonNode tree = call.paramsTree();
		if (!whole && tree != null && tree.size() > expected) {
			throw new UdsRpcException(ErrorCodes.INVALID_PARAMS,
					"invalid params: expected at most " + expected + " positional params, got " + tree.size());
		}
	}

	private final class ParamsBinding implements ParameterBinding {

		private final Parameter parameter;

		private final String name;

		private final int position;

		/**
		 * The names of the method's parameters bound from params, by position.
		 */
		private final List<String> names;

		private final boolean single;

		private final boolean optional;

		private final boolean required;

		private final Class<?> rawType;

		private final ObjectReader reader;

		ParamsBinding(Parameter parameter, int position, List<String> names, boolean single) {
			this.parameter = parameter;
			this.position = position;
			this.names = names;
			this.single = single;
			UdsRpcParam annotation = parameter.getAnnotation(UdsRpcParam.class);
			this.name = nameOf(parameter);
			this.optional = parameter.getType() == Optional.class;
			Type type = parameter.getParameterizedType();
			if (this.optional) {
				type = (type instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
						: Object.class;
			}
			JavaType javaType = ParameterBindings.this.mapper.constructType(type);
			this.rawType = javaType.getRawClass();
			this.reader = ParameterBindings.this.mapper.readerFor(javaType);
			boolean nullable = this.optional || hasNullableAnnotation(parameter);
			// a primitive cannot take null, so it is required even if declared otherwise
			this.required = this.rawType.isPrimitive() || ((annotation == null || annotation.required()) && !nullable);
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public boolean fromParams() {
			return true;
		}

		@Override
		public boolean wholeParams() {
			return this.single && !isScalar();
		}

		@Override
		public @Nullable Object resolve(RpcCall call) {
			RpcParams params = call.params();
			if (params == null) {
				return missing("missing parameter '" + this.name + "'");
			}
			if (this.single) {
				return resolveSingle(call, params);
			}
			if (params.kind() == RpcParams.Kind.VALUE) {
				throw invalid("params must be an object or an array");
			}
			JsonNode member = member(call, params);
			if (member == null || member.isMissingNode()) {
				return missing("missing parameter '" + this.name + "'");
			}
			return wrap(readTree(member));
		}

		private @Nullable Object resolveSingle(RpcCall call, RpcParams params) {
			if (params.isArray() && !isArrayLike()) {
				JsonNode tree = tree(call, params);
				if (tree.size() == 1) {
					return wrap(readTree(tree.get(0)));
				}
			}
			if (params.isObject() && isScalar() && this.parameter.isNamePresent()) {
				JsonNode member = tree(call, params).get(this.name);
				if (member != null) {
					return wrap(readTree(member));
				}
			}
			try {
				return wrap(this.reader.readValue(params.buffer(), params.offset(), params.length()));
			}
			catch (JacksonException ex) {
				throw invalid(ex);
			}
		}

		private @Nullable JsonNode member(RpcCall call, RpcParams params) {
			JsonNode tree = tree(call, params);
			return params.isObject() ? tree.get(this.name) : tree.get(this.position);
		}

		private JsonNode tree(RpcCall call, RpcParams params) {
			JsonNode tree = call.paramsTree();
			if (tree == null) {
				tree = ParamsTreeReader.read(ParameterBindings.this.mapper, params, this.names, this.name);
				call.paramsTree(tree);
			}
			return tree;
		}

		private @Nullable Object readTree(JsonNode node) {
			try {
				if (node.isNull()) {
					// a JsonNode parameter takes JSON null as a value of its own
					return (JsonNode.class.isAssignableFrom(this.rawType) && this.rawType.isInstance(node)) ? node
							: null;
				}
				return this.reader.readValue(node);
			}
			catch (JacksonException ex) {
				throw invalid(ex);
			}
		}

		private @Nullable Object missing(String message) {
			if (this.required) {
				throw new UdsRpcException(ErrorCodes.INVALID_PARAMS, "invalid params: " + message);
			}
			return this.optional ? Optional.empty() : null;
		}

		/**
		 * Return the argument for a bound value: a handler gets {@code null} only where
		 * it declared that it takes one, so it never fails on a null a client chose to
		 * send.
		 */
		private @Nullable Object wrap(@Nullable Object value) {
			if (this.optional) {
				return Optional.ofNullable(value);
			}
			if (value == null && this.required) {
				throw invalid("must not be null");
			}
			return value;
		}

		private boolean isArrayLike() {
			return this.rawType.isArray() || Collection.class.isAssignableFrom(this.rawType)
					|| JsonNode.class.isAssignableFrom(this.rawType) || this.rawType == Object.class;
		}

		private boolean isScalar() {
			Class<?> type = this.rawType;
			return type.isPrimitive() || CharSequence.class.isAssignableFrom(type)
					|| Number.class.isAssignableFrom(type) || type == Boolean.class || type == Character.class
					|| type.isEnum() || type == UUID.class || Temporal.class.isAssignableFrom(type);
		}

		private UdsRpcException invalid(JacksonException ex) {
			return invalid(ex.getOriginalMessage());
		}

		private UdsRpcException invalid(String detail) {
			return new UdsRpcException(ErrorCodes.INVALID_PARAMS,
					"invalid params: parameter '" + this.name + "': " + firstLine(detail));
		}

	}

	static String firstLine(@Nullable String text) {
		if (text == null) {
			return "cannot be bound";
		}
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

	private static String nameOf(Parameter parameter) {
		UdsRpcParam annotation = parameter.getAnnotation(UdsRpcParam.class);
		return (annotation != null && !annotation.value().isEmpty()) ? annotation.value() : parameter.getName();
	}

	private static boolean hasNullableAnnotation(Parameter parameter) {
		for (var annotation : parameter.getAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		for (var annotation : parameter.getAnnotatedType().getAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

}
