package dev.udsrpc.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A {@code FailureAnalyzer} for {@code udsrpc.*} properties out of range: names each
 * property with its value as written, where it was set and what it must be. Runs before
 * Spring Boot's analyzer of binding validation failures.
 *
 * @since 0.1.0
 */
class UdsRpcPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("udsrpc");

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		if (!PREFIX.equals(errors.getName())) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid udsrpc configuration:").append(System.lineSeparator());
		List<String> properties = new ArrayList<>();
		for (ObjectError error : errors) {
			if (!(error instanceof FieldError field)) {
				return null;
			}
			String name = errors.getName() + "." + field.getField();
			properties.add(name);
			ConfigurationProperty bound = find(errors, name);
			Object value = (bound != null) ? bound.getValue() : field.getRejectedValue();
			description.append(String.format("%n    Property: %s%n    Value: \"%s\"%n", name, value));
			Origin origin = (bound != null) ? Origin.from(bound) : null;
			if (origin != null) {
				description.append(String.format("    Origin: %s%n", origin));
			}
			description.append(String.format("    Reason: %s%n", error.getDefaultMessage()));
		}
		String action = "Change " + String.join(", ", properties)
				+ " in the application's configuration as the reason says, or remove "
				+ ((properties.size() == 1) ? "it" : "them") + " to use the default.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static @Nullable ConfigurationProperty find(ValidationErrors errors, String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationProperty bound : errors.getBoundProperties()) {
			if (bound.getName().equals(property)) {
				return bound;
			}
		}
		return null;
	}

}
