package dev.udsrpc.autoconfigure.validation;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.udsrpc.handler.HandlerMethod;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

/**
 * The path of a constraint violation of a handler's parameters, relative to the params of
 * the call: {@code name} for a parameter bound by name, {@code name.street} or
 * {@code items[0].name} inside it, and {@code street} inside the one parameter bound from
 * the whole params.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ViolationPath {

	private ViolationPath() {
	}

	static String of(HandlerMethod handler, ConstraintViolation<?> violation) {
		StringBuilder path = new StringBuilder();
		String parameter = "";
		for (Path.Node node : violation.getPropertyPath()) {
			ElementKind kind = node.getKind();
			if (kind == ElementKind.PARAMETER) {
				int index = node.as(Path.ParameterNode.class).getParameterIndex();
				String name = handler.paramsName(index);
				parameter = (name != null) ? name : node.getName();
				if (!handler.bindsWholeParams(index)) {
					path.append(parameter);
				}
			}
			else if (kind == ElementKind.PROPERTY || kind == ElementKind.CONTAINER_ELEMENT
					|| kind == ElementKind.BEAN) {
				appendProperty(path, node);
			}
		}
		// a constraint on the parameter that binds the whole params
		return path.isEmpty() ? parameter : path.toString();
	}

	private static void appendProperty(StringBuilder path, Path.Node node) {
		if (node.isInIterable()) {
			Object key = (node.getIndex() != null) ? node.getIndex() : node.getKey();
			path.append('[').append((key != null) ? key : "").append(']');
		}
		if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
			if (!path.isEmpty()) {
				path.append('.');
			}
			path.append(node.getName());
		}
	}

	/**
	 * Describe a violation as the error data lists it.
	 * @return {@code path} and {@code message}, in that order
	 */
	static Map<String, String> describe(HandlerMethod handler, ConstraintViolation<?> violation) {
		Map<String, String> described = new LinkedHashMap<>();
		described.put("path", of(handler, violation));
		described.put("message", violation.getMessage());
		return described;
	}

}
