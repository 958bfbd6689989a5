package dev.udsrpc.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A property name split into elements and compared as Spring Boot's binder compares
 * names: {@code udsrpc.daemon.pid-file}, {@code udsrpc.daemon.pidFile} and
 * {@code udsrpc.daemon.pid_file} are one name; {@code [..]} elements are indexes or map
 * keys kept as they are. Environment variables map to names the same way:
 * {@code UDSRPC_DAEMON_PIDFILE} (or the legacy {@code UDSRPC_DAEMON_PID_FILE}) is
 * {@code udsrpc.daemon.pidfile}, {@code ..._ARGUMENTS_0} is {@code ...arguments[0]}.
 *
 * @param elements the elements in their original form, indexes with their brackets
 * @author udsrpc authors
 * @since 0.1.0
 */
record PropertyName(List<String> elements) {

	/**
	 * Parse a name of a properties file, of the command line or of a system property.
	 */
	static PropertyName of(String name) {
		List<String> elements = new ArrayList<>();
		int start = 0;
		int brackets = 0;
		for (int i = 0; i < name.length(); i++) {
			char ch = name.charAt(i);
			if (ch == '[') {
				if (brackets++ == 0) {
					add(elements, name.substring(start, i));
					start = i;
				}
			}
			else if (ch == ']') {
				if (--brackets == 0) {
					add(elements, name.substring(start, i + 1));
					start = i + 1;
				}
			}
			else if (ch == '.' && brackets == 0) {
				add(elements, name.substring(start, i));
				start = i + 1;
			}
		}
		add(elements, name.substring(start));
		return new PropertyName(List.copyOf(elements));
	}

	/**
	 * Map the name of an environment variable: split at {@code _}, lower case, numbers as
	 * indexes.
	 */
	static PropertyName ofEnvironmentVariable(String name) {
		List<String> elements = new ArrayList<>();
		for (String part : name.split("_", -1)) {
			String element = part.toLowerCase(Locale.ENGLISH);
			if (isNumber(element)) {
				element = "[" + element + "]";
			}
			add(elements, element);
		}
		return new PropertyName(List.copyOf(elements));
	}

	static boolean isNumber(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return false;
			}
		}
		return !text.isEmpty();
	}

	private static void add(List<String> elements, String element) {
		if (!element.isEmpty() && !element.equals("[]")) {
			elements.add(element);
		}
	}

	/**
	 * Return the uniform form, which equal names share.
	 */
	String uniform() {
		StringBuilder result = new StringBuilder();
		for (String element : this.elements) {
			if (isIndex(element)) {
				result.append(element);
			}
			else {
				if (!result.isEmpty()) {
					result.append('.');
				}
				result.append(uniformElement(element));
			}
		}
		return result.toString();
	}

	/**
	 * Return the element as a map key: its original form, without brackets.
	 */
	static String key(String element) {
		return isIndex(element) ? element.substring(1, element.length() - 1) : element;
	}

	static boolean isIndex(String element) {
		return element.startsWith("[") && element.endsWith("]");
	}

	private static String uniformElement(String element) {
		StringBuilder result = new StringBuilder(element.length());
		for (int i = 0; i < element.length(); i++) {
			char ch = Character.toLowerCase(element.charAt(i));
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
				result.append(ch);
			}
		}
		return result.toString();
	}

}
