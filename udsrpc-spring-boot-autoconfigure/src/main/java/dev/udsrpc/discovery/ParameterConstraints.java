package dev.udsrpc.discovery;

import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;

import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the Bean Validation constraints annotated on a handler parameter into the schema
 * of its param, as the victools module does for properties. Reads the annotations by
 * name, so it needs no Bean Validation on the class path.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ParameterConstraints {

	private static final String PACKAGE = "jakarta.validation.constraints.";

	private ParameterConstraints() {
	}

	static void apply(Parameter parameter, ObjectNode schema) {
		if (schema.has("$ref")) {
			// an object: its properties carry their own constraints
			return;
		}
		String type = schema.path("type").asString("");
		for (Annotation annotation : parameter.getAnnotations()) {
			String name = annotation.annotationType().getName();
			if (!name.startsWith(PACKAGE)) {
				continue;
			}
			switch (name.substring(PACKAGE.length())) {
				case "Min" -> schema.put("minimum", (long) attribute(annotation, "value"));
				case "Max" -> schema.put("maximum", (long) attribute(annotation, "value"));
				case "DecimalMin" ->
					schema.put((boolean) attribute(annotation, "inclusive") ? "minimum" : "exclusiveMinimum",
							new BigDecimal((String) attribute(annotation, "value")));
				case "DecimalMax" ->
					schema.put((boolean) attribute(annotation, "inclusive") ? "maximum" : "exclusiveMaximum",
							new BigDecimal((String) attribute(annotation, "value")));
				case "Positive" -> schema.put("exclusiveMinimum", 0);
				case "PositiveOrZero" -> schema.put("minimum", 0);
				case "Negative" -> schema.put("exclusiveMaximum", 0);
				case "NegativeOrZero" -> schema.put("maximum", 0);
				case "NotBlank", "NotEmpty" -> size(schema, type, 1, Integer.MAX_VALUE);
				case "Size" ->
					size(schema, type, (int) attribute(annotation, "min"), (int) attribute(annotation, "max"));
				case "Pattern" -> schema.put("pattern", (String) attribute(annotation, "regexp"));
				case "Email" -> schema.put("format", "email");
				default -> {
				}
			}
		}
	}

	private static void size(ObjectNode schema, String type, int min, int max) {
		String prefix = switch (type) {
			case "string" -> "Length";
			case "array" -> "Items";
			case "object" -> "Properties";
			default -> null;
		};
		if (prefix == null) {
			return;
		}
		if (min > 0) {
			schema.put("min" + prefix, min);
		}
		if (max < Integer.MAX_VALUE) {
			schema.put("max" + prefix, max);
		}
	}

	private static Object attribute(Annotation annotation, String name) {
		try {
			return annotation.annotationType().getMethod(name).invoke(annotation);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read " + name + " of " + annotation, ex);
		}
	}

}
