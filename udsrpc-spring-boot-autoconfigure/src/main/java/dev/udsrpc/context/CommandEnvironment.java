package dev.udsrpc.context;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The properties a command reads, from the sources the daemon reads them from and in
 * Spring Boot's order of precedence, without starting Spring: the command line arguments
 * ({@code --name=value}), the system properties, the environment variables, then the
 * configuration files ({@link ConfigDataFiles}) of the active profiles
 * ({@code spring.profiles.active}, else {@code spring.profiles.default}, else
 * {@code default}), with documents activated by {@code spring.config.activate.on-profile}
 * and {@code ${...}} placeholders resolved.
 * <p>
 * What only Spring Boot's full environment reads faithfully ({@code spring.config.*} such
 * as imports and other locations, profile groups and includes,
 * {@code SPRING_APPLICATION_JSON}, {@code on-cloud-platform}, profile expressions,
 * {@code ${random.*}}) throws a {@link FullEnvironmentRequiredException}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class CommandEnvironment {

	private static final PropertyName ACTIVE_PROFILES = PropertyName.of("spring.profiles.active");

	private static final PropertyName DEFAULT_PROFILES = PropertyName.of("spring.profiles.default");

	private static final PropertyName ON_PROFILE = PropertyName.of("spring.config.activate.on-profile");

	private static final String[] UNSUPPORTED = { "spring.config.", "spring.profiles.include", "spring.profiles.group",
			"spring.application.json" };

	private final List<CommandPropertySource> sources;

	private CommandEnvironment(List<CommandPropertySource> sources) {
		this.sources = sources;
	}

	/**
	 * Read the environment of a command.
	 * @param classLoader the class loader of the application, for its packaged files
	 * @param arguments the arguments of the command
	 * @param variables the environment variables
	 * @param systemProperties the system properties
	 * @param workingDirectory the working directory, for the files beside the application
	 * @return the environment
	 * @throws FullEnvironmentRequiredException if only Spring Boot reads this
	 * configuration faithfully
	 */
	static CommandEnvironment load(ClassLoader classLoader, List<String> arguments, Map<String, String> variables,
			Map<String, String> systemProperties, Path workingDirectory) {
		List<CommandPropertySource> sources = new ArrayList<>();
		sources.add(CommandPropertySource.of("command line arguments", commandLine(arguments)));
		sources.add(CommandPropertySource.of("system properties", systemProperties));
		sources.add(CommandPropertySource.ofEnvironment(variables));
		ConfigDataFiles files = new ConfigDataFiles(classLoader, workingDirectory);
		List<CommandPropertySource> packaged = files.classpath(null);
		List<CommandPropertySource> beside = files.files(null);
		List<CommandPropertySource> known = new ArrayList<>(sources);
		known.addAll(packaged);
		known.addAll(beside);
		for (CommandPropertySource source : known) {
			checkSupported(source);
		}
		List<String> profiles = profiles(sources, packaged, beside);
		List<CommandPropertySource> configuration = new ArrayList<>();
		addActive(configuration, packaged, profiles);
		for (String profile : profiles) {
			addActive(configuration, profileSpecific(files.classpath(profile)), profiles);
		}
		addActive(configuration, beside, profiles);
		for (String profile : profiles) {
			addActive(configuration, profileSpecific(files.files(profile)), profiles);
		}
		Collections.reverse(configuration);
		sources.addAll(configuration);
		return new CommandEnvironment(sources);
	}

	/**
	 * Parse the arguments as Spring's command line property source does: {@code --name}
	 * is an empty value, repeated names join their values with commas.
	 */
	static Map<String, String> commandLine(List<String> arguments) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String argument : arguments) {
			if (argument.startsWith("--") && argument.length() > 2) {
				String option = argument.substring(2);
				int equals = option.indexOf('=');
				String name = (equals >= 0) ? option.substring(0, equals) : option;
				String value = (equals >= 0) ? option.substring(equals + 1) : null;
				if (name.isEmpty()) {
					throw new IllegalArgumentException("Invalid argument syntax: " + argument);
				}
				String previous = properties.get(name);
				if (value == null) {
					properties.putIfAbsent(name, "");
				}
				else {
					properties.put(name, (previous == null || previous.isEmpty()) ? value : previous + "," + value);
				}
			}
		}
		return properties;
	}

	private static void checkSupported(CommandPropertySource source) {
		for (String prefix : UNSUPPORTED) {
			String uniform = PropertyName.of(prefix).uniform();
			if (source.hasNameStartingWith(prefix.endsWith(".") ? uniform + "." : uniform)
					&& !(prefix.equals("spring.config.") && onlyOnProfile(source))) {
				throw new FullEnvironmentRequiredException(prefix + "* (in " + source.name() + ")");
			}
		}
	}

	private static boolean onlyOnProfile(CommandPropertySource source) {
		for (List<String> name : source.descendants(PropertyName.of("spring.config")).keySet()) {
			if (!new PropertyName(name).uniform().equals("activate.onprofile")) {
				return false;
			}
		}
		return true;
	}

	private static List<CommandPropertySource> profileSpecific(List<CommandPropertySource> documents) {
		for (CommandPropertySource document : documents) {
			checkSupported(document);
		}
		return documents;
	}

	private static List<String> profiles(List<CommandPropertySource> sources, List<CommandPropertySource> packaged,
			List<CommandPropertySource> beside) {
		List<CommandPropertySource> candidates = new ArrayList<>(sources);
		List<CommandPropertySource> configuration = new ArrayList<>();
		for (CommandPropertySource document : packaged) {
			if (document.get(ON_PROFILE) == null) {
				configuration.add(document);
			}
		}
		for (CommandPropertySource document : beside) {
			if (document.get(ON_PROFILE) == null) {
				configuration.add(document);
			}
		}
		Collections.reverse(configuration);
		candidates.addAll(configuration);
		CommandEnvironment bootstrap = new CommandEnvironment(candidates);
		List<String> active = bootstrap.getList(ACTIVE_PROFILES);
		if (active != null && !active.isEmpty()) {
			return active;
		}
		List<String> defaults = bootstrap.getList(DEFAULT_PROFILES);
		return (defaults != null && !defaults.isEmpty()) ? defaults : List.of("default");
	}

	private static void addActive(List<CommandPropertySource> result, List<CommandPropertySource> documents,
			List<String> profiles) {
		for (CommandPropertySource document : documents) {
			String onProfile = document.get(ON_PROFILE);
			if (onProfile == null || matches(onProfile, profiles)) {
				result.add(document);
			}
		}
	}

	private static boolean matches(String expressions, List<String> profiles) {
		for (String expression : expressions.split(",")) {
			String profile = expression.trim();
			if (profile.isEmpty() || profile.indexOf('&') >= 0 || profile.indexOf('|') >= 0 || profile.indexOf('(') >= 0
					|| profile.indexOf(')') >= 0 || profile.lastIndexOf('!') > 0) {
				throw new FullEnvironmentRequiredException("the profile expression '" + expressions + "'");
			}
			boolean negated = profile.startsWith("!");
			if (profiles.contains(negated ? profile.substring(1) : profile) != negated) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the value of the highest source that has the property, with placeholders
	 * resolved.
	 */
	@Nullable String get(String name) {
		return get(PropertyName.of(name));
	}

	@Nullable String get(PropertyName name) {
		for (CommandPropertySource source : this.sources) {
			String value = source.get(name);
			if (value != null) {
				return resolve(value);
			}
		}
		return null;
	}

	/**
	 * Return a list as the binder binds it: from the highest source that has the
	 * property, either as a comma-separated value or as indexed elements; {@code null} if
	 * no source has it.
	 */
	@Nullable List<String> getList(PropertyName name) {
		for (CommandPropertySource source : this.sources) {
			String value = source.get(name);
			if (value != null) {
				return split(resolve(value));
			}
			TreeMap<Integer, String> indexed = new TreeMap<>();
			for (Map.Entry<List<String>, String> entry : source.descendants(name).entrySet()) {
				String key = entry.getKey().get(0);
				if (entry.getKey().size() == 1 && PropertyName.isIndex(key)
						&& PropertyName.isNumber(PropertyName.key(key))) {
					indexed.put(Integer.parseInt(PropertyName.key(key)), entry.getValue());
				}
			}
			if (!indexed.isEmpty()) {
				List<String> list = new ArrayList<>();
				for (Map.Entry<Integer, String> element : indexed.entrySet()) {
					if (element.getKey() != list.size()) {
						throw new IllegalArgumentException(
								"Property " + name.uniform() + "[" + element.getKey() + "] in " + source.name()
										+ " was left unbound: the indexes of a list must follow one another from 0");
					}
					list.add(resolve(element.getValue()));
				}
				return list;
			}
		}
		return null;
	}

	/**
	 * Return a map as the binder binds it: a key for every name below the given one in
	 * any source, as that source writes it, with the value of the highest source that has
	 * the name; {@code null} if no source has any.
	 */
	@Nullable Map<String, String> getMap(PropertyName name) {
		Map<String, String> result = new LinkedHashMap<>();
		for (CommandPropertySource source : this.sources) {
			for (List<String> relative : source.descendants(name).keySet()) {
				String key = mapKey(relative);
				if (!result.containsKey(key)) {
					List<String> elements = new ArrayList<>(name.elements());
					elements.addAll(relative);
					result.put(key, get(new PropertyName(List.copyOf(elements))));
				}
			}
		}
		return result.isEmpty() ? null : result;
	}

	private static String mapKey(List<String> elements) {
		StringBuilder key = new StringBuilder();
		for (String element : elements) {
			if (!key.isEmpty()) {
				key.append('.');
			}
			key.append(PropertyName.key(element));
		}
		return key.toString();
	}

	private static List<String> split(String value) {
		List<String> elements = new ArrayList<>();
		if (value.isEmpty()) {
			return elements;
		}
		for (String element : value.split(",", -1)) {
			elements.add(element.trim());
		}
		return elements;
	}

	/**
	 * Resolve the {@code ${name}} and {@code ${name:default}} placeholders of a value;
	 * those that cannot be resolved stay as they are.
	 */
	String resolve(String value) {
		return Placeholders.resolve(value, this::placeholder);
	}

	private @Nullable String placeholder(String name) {
		if (name.startsWith("random.")) {
			throw new FullEnvironmentRequiredException("${" + name + "}");
		}
		if (Placeholders.isCanonical(name)) {
			PropertyName propertyName = PropertyName.of(name);
			for (CommandPropertySource source : this.sources) {
				String value = source.get(propertyName);
				if (value != null) {
					return value;
				}
			}
		}
		for (CommandPropertySource source : this.sources) {
			String value = source.getExact(name);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

}
