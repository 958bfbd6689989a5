package dev.udsrpc.context;

import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code ${name}} and {@code ${name:default}} placeholders as Spring Boot's
 * binder does: nested placeholders in names, defaults and values, {@code \$} to keep a
 * {@code $}, and placeholders that cannot be resolved left as they are.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class Placeholders {

	private final Lookup lookup;

	private final Deque<String> visiting = new ArrayDeque<>();

	private Placeholders(Lookup lookup) {
		this.lookup = lookup;
	}

	/**
	 * Resolve the placeholders of a value.
	 * @param value the value
	 * @param lookup finds the value of a name, or {@code null}
	 * @return the resolved value
	 * @throws IllegalArgumentException if placeholders refer to each other in a circle
	 */
	static String resolve(String value, Lookup lookup) {
		if (value.indexOf("${") < 0) {
			return value;
		}
		return new Placeholders(lookup).parse(value);
	}

	/**
	 * Return whether a name is in the canonical form of a property name (lower case,
	 * {@code .} and {@code -}), which the binder looks up in every form.
	 */
	static boolean isCanonical(String name) {
		if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char ch = name.charAt(i);
			if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')) {
				return false;
			}
		}
		return true;
	}

	private String parse(String text) {
		StringBuilder result = new StringBuilder(text.length());
		int i = 0;
		while (i < text.length()) {
			if (text.startsWith("\\${", i)) {
				result.append("${");
				i += 3;
			}
			else if (text.startsWith("${", i)) {
				int end = closingBrace(text, i + 2);
				if (end < 0) {
					result.append(text, i, text.length());
					break;
				}
				result.append(placeholder(text.substring(i + 2, end), text.substring(i, end + 1)));
				i = end + 1;
			}
			else {
				result.append(text.charAt(i++));
			}
		}
		return result.toString();
	}

	private String placeholder(String content, String original) {
		int separator = separator(content);
		String name = parse((separator >= 0) ? content.substring(0, separator) : content);
		String fallback = (separator >= 0) ? content.substring(separator + 1) : null;
		if (this.visiting.contains(name)) {
			throw new IllegalArgumentException("Circular placeholder reference '" + name + "' in property definitions");
		}
		String value = this.lookup.find(name);
		if (value != null) {
			this.visiting.push(name);
			try {
				return parse(value);
			}
			finally {
				this.visiting.pop();
			}
		}
		return (fallback != null) ? parse(fallback) : original;
	}

	private static int closingBrace(String text, int from) {
		int depth = 0;
		for (int i = from; i < text.length(); i++) {
			if (text.startsWith("${", i) || text.charAt(i) == '{') {
				depth++;
				i += (text.charAt(i) == '$') ? 1 : 0;
			}
			else if (text.charAt(i) == '}') {
				if (depth == 0) {
					return i;
				}
				depth--;
			}
		}
		return -1;
	}

	private static int separator(String content) {
		int depth = 0;
		for (int i = 0; i < content.length(); i++) {
			char ch = content.charAt(i);
			if (ch == '{') {
				depth++;
			}
			else if (ch == '}') {
				depth--;
			}
			else if (ch == ':' && depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Finds the value a placeholder names.
	 */
	@FunctionalInterface
	interface Lookup {

		@Nullable String find(String name);

	}

}
