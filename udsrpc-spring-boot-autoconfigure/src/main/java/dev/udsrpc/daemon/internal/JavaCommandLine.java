package dev.udsrpc.daemon.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The parts of the Java command line that started this JVM, to start the same application
 * again: its JVM options and how it named its main class. Pure functions of what the JVM
 * reports ({@code RuntimeMXBean#getInputArguments()}, {@code sun.java.command},
 * {@code java.class.path}) and of the environment.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class JavaCommandLine {

	/**
	 * Options of the {@code java} launcher that take their value as the next argument and
	 * that the JVM reports as {@code --option=value}.
	 */
	private static final Set<String> LAUNCHER_OPTIONS_WITH_VALUE = Set.of("--module-path", "--upgrade-module-path",
			"--add-modules", "--enable-native-access", "--limit-modules", "--add-exports", "--add-opens", "--add-reads",
			"--patch-module");

	/**
	 * The options that choose the JIT compilers, which only work together (C2 alone on
	 * one thread, tiered compilation on at least two).
	 */
	private static final Set<String> COMPILER_OPTIONS = Set.of("TieredCompilation", "TieredStopAtLevel",
			"CICompilerCount");

	private JavaCommandLine() {
	}

	/**
	 * Return the JVM options given on the command line: the input arguments of the JVM
	 * without those it read from {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} and
	 * {@code _JAVA_OPTIONS}. A JVM started with the same environment reads those again,
	 * so repeating them would apply them twice (an agent would be loaded twice).
	 * @param inputArguments the input arguments of the JVM, in order: those of
	 * {@code JAVA_TOOL_OPTIONS}, then {@code JDK_JAVA_OPTIONS} and the command line, then
	 * {@code _JAVA_OPTIONS}
	 * @param environment the environment the JVM was started with
	 * @return the options of the command line
	 */
	public static List<String> commandLineOptions(List<String> inputArguments, Map<String, String> environment) {
		Objects.requireNonNull(inputArguments, "'inputArguments' must not be null");
		Objects.requireNonNull(environment, "'environment' must not be null");
		List<String> options = new ArrayList<>(inputArguments);
		removeFirst(options, split(environment.get("JAVA_TOOL_OPTIONS")));
		removeFirst(options, launcherForm(split(environment.get("JDK_JAVA_OPTIONS"))));
		removeLast(options, split(environment.get("_JAVA_OPTIONS")));
		return options;
	}

	/**
	 * Return how the main class was named: {@code -jar <jar>}, or
	 * {@code -cp <class path> <main class>}, with absolute paths.
	 * @param javaCommand the {@code sun.java.command} system property: the jar or main
	 * class, then the arguments, joined with spaces
	 * @param classPath the {@code java.class.path} system property
	 * @return the arguments that name the main class
	 */
	public static List<String> mainClass(String javaCommand, String classPath) {
		Objects.requireNonNull(javaCommand, "'javaCommand' must not be null");
		Objects.requireNonNull(classPath, "'classPath' must not be null");
		// with -jar, the class path is the jar, which the command starts with (a jar's
		// name may contain spaces, a class name may not)
		boolean jar = !classPath.isEmpty() && !classPath.contains(File.pathSeparator)
				&& classPath.toLowerCase(Locale.ROOT).endsWith(".jar") && javaCommand.startsWith(classPath)
				&& (javaCommand.length() == classPath.length() || javaCommand.charAt(classPath.length()) == ' ');
		if (jar) {
			return List.of("-jar", Path.of(classPath).toAbsolutePath().toString());
		}
		int space = javaCommand.indexOf(' ');
		String mainClass = (space >= 0) ? javaCommand.substring(0, space) : javaCommand;
		if (mainClass.isEmpty()) {
			throw new IllegalArgumentException("No main class in '" + javaCommand + "'");
		}
		String absolute = Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> !entry.isEmpty())
			.map((entry) -> Path.of(entry).toAbsolutePath().toString())
			.collect(Collectors.joining(File.pathSeparator));
		return List.of("-cp", absolute, mainClass);
	}

	/**
	 * Merge default JVM options with options that override them: an {@code -XX} option
	 * given in both stays only as overridden, and options that only work together are
	 * replaced together: a garbage collector chosen by the overrides replaces the one
	 * chosen by the defaults (two keep the JVM from starting), and so does any choice of
	 * the JIT compilers ({@code TieredCompilation}, {@code TieredStopAtLevel},
	 * {@code CICompilerCount}). For the other options the JVM takes the last one, the
	 * override.
	 * @param defaults the default options
	 * @param overrides the options that win
	 * @return the defaults, less what the overrides replace, then the overrides
	 */
	public static List<String> mergeOptions(List<String> defaults, List<String> overrides) {
		Objects.requireNonNull(defaults, "'defaults' must not be null");
		Objects.requireNonNull(overrides, "'overrides' must not be null");
		boolean collectorChosen = overrides.stream().anyMatch(JavaCommandLine::choosesCollector);
		boolean compilersChosen = overrides.stream().anyMatch(JavaCommandLine::choosesCompilers);
		List<String> merged = new ArrayList<>();
		for (String option : defaults) {
			String name = advancedOptionName(option);
			boolean overridden = name != null
					&& overrides.stream().anyMatch((override) -> name.equals(advancedOptionName(override)));
			if (!overridden && !(collectorChosen && choosesCollector(option))
					&& !(compilersChosen && choosesCompilers(option))) {
				merged.add(option);
			}
		}
		merged.addAll(overrides);
		return merged;
	}

	private static boolean choosesCompilers(String option) {
		String name = advancedOptionName(option);
		return name != null && COMPILER_OPTIONS.contains(name);
	}

	private static boolean choosesCollector(String option) {
		return option.startsWith("-XX:+Use") && option.endsWith("GC") && option.indexOf('=') < 0;
	}

	/**
	 * Return the name of an {@code -XX:+Name}, {@code -XX:-Name} or
	 * {@code -XX:Name=value} option, else {@code null}.
	 */
	private static @Nullable String advancedOptionName(String option) {
		if (!option.startsWith("-XX:")) {
			return null;
		}
		String name = option.substring(4);
		if (name.startsWith("+") || name.startsWith("-")) {
			name = name.substring(1);
		}
		int equals = name.indexOf('=');
		return (equals >= 0) ? name.substring(0, equals) : name;
	}

	/**
	 * Split options as the JVM and the launcher split an environment variable: at white
	 * space, except inside single or double quotes, which are removed.
	 */
	static List<String> split(@Nullable String options) {
		List<String> tokens = new ArrayList<>();
		if (options == null) {
			return tokens;
		}
		StringBuilder token = new StringBuilder();
		boolean inToken = false;
		char quote = 0;
		for (int i = 0; i < options.length(); i++) {
			char ch = options.charAt(i);
			if (quote != 0) {
				if (ch == quote) {
					quote = 0;
				}
				else {
					token.append(ch);
				}
			}
			else if (ch == '\'' || ch == '"') {
				quote = ch;
				inToken = true;
			}
			else if (Character.isWhitespace(ch)) {
				if (inToken) {
					tokens.add(token.toString());
					token.setLength(0);
					inToken = false;
				}
			}
			else {
				token.append(ch);
				inToken = true;
			}
		}
		if (inToken) {
			tokens.add(token.toString());
		}
		return tokens;
	}

	/**
	 * Return the options as the launcher passes them to the JVM: {@code --option value}
	 * as {@code --option=value}, {@code -p} as {@code --module-path}.
	 */
	private static List<String> launcherForm(List<String> tokens) {
		List<String> options = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			String token = tokens.get(i).equals("-p") ? "--module-path" : tokens.get(i);
			if (LAUNCHER_OPTIONS_WITH_VALUE.contains(token) && i + 1 < tokens.size()) {
				options.add(token + "=" + tokens.get(++i));
			}
			else {
				options.add(token);
			}
		}
		return options;
	}

	/**
	 * Remove the tokens where the JVM put them, at the start; failing that, the first
	 * occurrence of each.
	 */
	private static void removeFirst(List<String> options, List<String> tokens) {
		if (tokens.isEmpty()) {
			return;
		}
		if (options.size() >= tokens.size() && options.subList(0, tokens.size()).equals(tokens)) {
			options.subList(0, tokens.size()).clear();
			return;
		}
		tokens.forEach(options::remove);
	}

	/**
	 * Remove the tokens where the JVM put them, at the end; failing that, the last
	 * occurrence of each.
	 */
	private static void removeLast(List<String> options, List<String> tokens) {
		if (tokens.isEmpty()) {
			return;
		}
		int from = options.size() - tokens.size();
		if (from >= 0 && options.subList(from, options.size()).equals(tokens)) {
			options.subList(from, options.size()).clear();
			return;
		}
		for (String token : tokens) {
			int index = options.lastIndexOf(token);
			if (index >= 0) {
				options.remove(index);
			}
		}
	}

}
