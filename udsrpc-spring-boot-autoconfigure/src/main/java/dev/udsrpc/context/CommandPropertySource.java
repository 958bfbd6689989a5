package dev.udsrpc.context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One source of the properties the commands read (the command line, the system
 * properties, the environment variables or one document of a configuration file), looked
 * up as Spring Boot's binder looks names up in it ({@link PropertyName}).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class CommandPropertySource {

	private final String name;

	private final Map<String, String> values;

	private final boolean environment;

	private final Map<String, Entry> byUniformName = new HashMap<>();

	private final List<Entry> entries = new ArrayList<>();

	private CommandPropertySource(String name, Map<String, String> values, boolean environment) {
		this.name = name;
		this.values = values;
		this.environment = environment;
		for (Map.Entry<String, String> value : values.entrySet()) {
			PropertyName propertyName = environment ? PropertyName.ofEnvironmentVariable(value.getKey())
					: PropertyName.of(value.getKey());
			if (!propertyName.elements().isEmpty()) {
				Entry entry = new Entry(propertyName, value.getValue());
				this.entries.add(entry);
				this.byUniformName.putIfAbsent(propertyName.uniform(), entry);
			}
		}
	}

	/**
	 * Return a source of named properties.
	 */
	static CommandPropertySource of(String name, Map<String, String> properties) {
		return new CommandPropertySource(name, new LinkedHashMap<>(properties), false);
	}

	/**
	 * Return a source of environment variables.
	 */
	static CommandPropertySource ofEnvironment(Map<String, String> variables) {
		return new CommandPropertySource("environment variables", new LinkedHashMap<>(variables), true);
	}

	String name() {
		return this.name;
	}

	/**
	 * Return the value of a property, found by its uniform name (for an environment
	 * variable also by its legacy name, with {@code _} for {@code -}).
	 */
	@Nullable String get(PropertyName name) {
		Entry entry = this.byUniformName.get(name.uniform());
		if (entry != null) {
			return entry.value();
		}
		if (this.environment) {
			String legacy = legacyVariableName(name);
			String value = this.values.get(legacy.toUpperCase(Locale.ENGLISH));
			return (value != null) ? value : this.values.get(legacy);
		}
		return null;
	}

	/**
	 * Return the properties below a name, by the elements of their names relative to it
	 * (map keys, or indexes with brackets), in the order of the source.
	 */
	Map<List<String>, String> descendants(PropertyName name) {
		Map<List<String>, String> result = new LinkedHashMap<>();
		collect(result, name);
		if (this.environment) {
			PropertyName legacy = legacyName(name);
			if (!legacy.elements().equals(name.elements())) {
				collect(result, legacy);
			}
		}
		return result;
	}

	private void collect(Map<List<String>, String> result, PropertyName name) {
		String uniform = name.uniform();
		int depth = name.elements().size();
		for (Entry entry : this.entries) {
			String candidate = entry.uniform();
			if (candidate.length() > uniform.length() && candidate.startsWith(uniform)
					&& (candidate.charAt(uniform.length()) == '.' || candidate.charAt(uniform.length()) == '[')) {
				List<String> rest = entry.name().elements().subList(depth, entry.name().elements().size());
				result.putIfAbsent(List.copyOf(rest), entry.value());
			}
		}
	}

	/**
	 * Return the value of a property by its exact name, as a placeholder is resolved: for
	 * environment variables also with {@code _} for {@code .} and {@code -}, and in upper
	 * case.
	 */
	@Nullable String getExact(String name) {
		String value = this.values.get(name);
		if (value != null || !this.environment) {
			return value;
		}
		String underscored = name.replace('.', '_').replace('-', '_');
		for (String candidate : new String[] { name.replace('.', '_'), name.replace('-', '_'), underscored }) {
			value = this.values.get(candidate);
			if (value == null) {
				value = this.values.get(candidate.toUpperCase(Locale.ROOT));
			}
			if (value != null) {
				return value;
			}
		}
		return this.values.get(name.toUpperCase(Locale.ROOT));
	}

	/**
	 * Return whether a property of a name with the given uniform start exists.
	 */
	boolean hasNameStartingWith(String uniformPrefix) {
		for (Entry entry : this.entries) {
			if (entry.uniform().startsWith(uniformPrefix)) {
				return true;
			}
		}
		return false;
	}

	private static String legacyVariableName(PropertyName name) {
		StringBuilder result = new StringBuilder();
		for (String element : name.elements()) {
			if (!result.isEmpty()) {
				result.append('_');
			}
			result.append(PropertyName.isIndex(element) ? PropertyName.key(element) : element.replace('-', '_'));
		}
		return result.toString();
	}

	private static PropertyName legacyName(PropertyName name) {
		List<String> elements = new ArrayList<>();
		for (String element : name.elements()) {
			if (PropertyName.isIndex(element)) {
				elements.add(element);
			}
			else {
				for (String part : element.split("-", -1)) {
					if (!part.isEmpty()) {
						elements.add(part);
					}
				}
			}
		}
		return new PropertyName(List.copyOf(elements));
	}

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * A property of the source.
	 */
	private static final class Entry {

		private final PropertyName name;

		private final String uniform;

		private final String value;

		Entry(PropertyName name, String value) {
			this.name = name;
			this.uniform = name.uniform();
			this.value = value;
		}

		PropertyName name() {
			return this.name;
		}

		String uniform() {
			return this.uniform;
		}

		String value() {
			return this.value;
		}

	}

}
