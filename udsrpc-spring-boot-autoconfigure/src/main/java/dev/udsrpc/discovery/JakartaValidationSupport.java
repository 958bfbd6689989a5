package dev.udsrpc.discovery;

import com.github.victools.jsonschema.generator.Module;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;

/**
 * The victools module that writes Bean Validation constraints of properties into their
 * schemas. Loaded only when Bean Validation and the module are on the class path.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class JakartaValidationSupport {

	private static final boolean PRESENT = isPresent("jakarta.validation.constraints.NotNull")
			&& isPresent("com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule");

	private JakartaValidationSupport() {
	}

	static boolean isPresent() {
		return PRESENT;
	}

	static Module module() {
		return new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
				JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS);
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, JakartaValidationSupport.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
