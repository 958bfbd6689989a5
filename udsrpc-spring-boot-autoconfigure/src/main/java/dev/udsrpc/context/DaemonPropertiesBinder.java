package dev.udsrpc.context;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Binds {@link DaemonProperties} from a {@link CommandEnvironment} as Spring Boot's
 * binder binds it: every JavaBean property of the type under {@code udsrpc.daemon}, by
 * its dashed name, converted as the binder converts text ({@code 10s} or {@code PT10S}
 * durations, {@code true}/{@code on}/{@code yes}/{@code 1} booleans, comma-separated
 * lists), and left at its default when no source has it. The type stays the one place
 * that names the properties and their defaults.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class DaemonPropertiesBinder {

	static final String PREFIX = "udsrpc.daemon.";

	private DaemonPropertiesBinder() {
	}

	/**
	 * Bind the properties.
	 * @param environment the environment
	 * @return the bound properties
	 * @throws IllegalArgumentException if a value cannot be converted
	 */
	static DaemonProperties bind(CommandEnvironment environment) {
		DaemonProperties properties = new DaemonProperties();
		for (Method setter : DaemonProperties.class.getMethods()) {
			if (setter.getName().startsWith("set") && setter.getParameterCount() == 1) {
				String name = PREFIX + dashed(setter.getName().substring(3));
				Object value = value(environment, name, setter.getGenericParameterTypes()[0], properties, setter);
				if (value != null) {
					try {
						setter.invoke(properties, value);
					}
					catch (IllegalAccessException | InvocationTargetException ex) {
						throw new IllegalStateException("Cannot set " + name, ex);
					}
				}
			}
		}
		return properties;
	}

	private static @Nullable Object value(CommandEnvironment environment, String name, Type type,
			DaemonProperties properties, Method setter) {
		PropertyName propertyName = PropertyName.of(name);
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
			return environment.getList(propertyName);
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Map.class) {
			Map<String, String> bound = environment.getMap(propertyName);
			if (bound == null) {
				return null;
			}
			// as the binder does, the entries join those the property has by default
			Map<Object, Object> merged = new LinkedHashMap<>(current(properties, setter));
			merged.putAll(bound);
			return merged;
		}
		String text = environment.get(propertyName);
		if (text == null) {
			return null;
		}
		try {
			return convert(text, type);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"Failed to bind '" + name + "' with value '" + text + "': " + ex.getMessage(), ex);
		}
	}

	private static Map<?, ?> current(DaemonProperties properties, Method setter) {
		try {
			Object value = DaemonProperties.class.getMethod("g" + setter.getName().substring(1)).invoke(properties);
			return (value instanceof Map<?, ?> map) ? map : Map.of();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read the default of " + setter.getName().substring(3), ex);
		}
	}

	private static @Nullable Object convert(String text, Type type) {
		if (type == String.class) {
			return text;
		}
		if (type == Path.class) {
			return path(text);
		}
		if (type == Duration.class) {
			return duration(text);
		}
		if (type == boolean.class || type == Boolean.class) {
			Boolean value = bool(text);
			if (value == null && type == boolean.class) {
				throw new IllegalArgumentException("an empty value is no boolean");
			}
			return value;
		}
		throw new IllegalStateException("No conversion to " + type);
	}

	/**
	 * Convert a path as Spring's {@code PathEditor} does: a {@code file:} URL to its
	 * file, any other text normalized.
	 */
	static @Nullable Path path(String text) {
		if (text.isEmpty()) {
			return null;
		}
		if (text.startsWith("file:")) {
			return Path.of(URI.create(text));
		}
		return Path.of(text).normalize();
	}

	/**
	 * Convert a duration as Spring Boot's {@code DurationStyle} detects it: a number with
	 * an optional unit ({@code ns}, {@code us}, {@code ms} by default, {@code s},
	 * {@code m}, {@code h}, {@code d}), or ISO-8601.
	 */
	static @Nullable Duration duration(String text) {
		if (text.isEmpty()) {
			return null;
		}
		int digits = (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
		int unit = digits;
		while (unit < text.length() && Character.isDigit(text.charAt(unit))) {
			unit++;
		}
		String suffix = text.substring(unit);
		if (unit > digits && suffix.length() <= 2 && isLetters(suffix)) {
			long amount = Long.parseLong(text.substring(0, unit));
			return Duration.of(amount, unit(suffix.toLowerCase(Locale.ROOT), text));
		}
		String iso = text.substring(digits);
		if (iso.startsWith("P") || iso.startsWith("p")) {
			return Duration.parse(text);
		}
		throw new IllegalArgumentException("'" + text + "' is not a valid duration");
	}

	private static boolean isLetters(String text) {
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
				return false;
			}
		}
		return true;
	}

	private static ChronoUnit unit(String suffix, String text) {
		return switch (suffix) {
			case "ns" -> ChronoUnit.NANOS;
			case "us" -> ChronoUnit.MICROS;
			case "", "ms" -> ChronoUnit.MILLIS;
			case "s" -> ChronoUnit.SECONDS;
			case "m" -> ChronoUnit.MINUTES;
			case "h" -> ChronoUnit.HOURS;
			case "d" -> ChronoUnit.DAYS;
			default -> throw new IllegalArgumentException("'" + text + "' is not a valid duration");
		};
	}

	/**
	 * Convert a boolean as Spring's {@code StringToBooleanConverter} does.
	 */
	static @Nullable Boolean bool(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		return switch (value) {
			case "" -> null;
			case "true", "on", "yes", "1" -> Boolean.TRUE;
			case "false", "off", "no", "0" -> Boolean.FALSE;
			default -> throw new IllegalArgumentException("Invalid boolean value '" + text + "'");
		};
	}

	/**
	 * Return the dashed form of a JavaBean property name: {@code PidFile} is
	 * {@code pid-file}.
	 */
	static String dashed(String property) {
		StringBuilder result = new StringBuilder(property.length() + 4);
		for (int i = 0; i < property.length(); i++) {
			char ch = property.charAt(i);
			if (Character.isUpperCase(ch)) {
				if (i > 0) {
					result.append('-');
				}
				result.append(Character.toLowerCase(ch));
			}
			else {
				result.append(ch);
			}
		}
		return result.toString();
	}

}
