package dev.udsrpc.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML file into flat documents as Spring Boot reads {@code application.yml},
 * with SnakeYAML: timestamps stay text, {@code null} and empty lists are empty values,
 * nested keys are joined with {@code .} and list elements get {@code [index]}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class YamlDocuments {

	private YamlDocuments() {
	}

	/**
	 * Parse the text of a YAML file.
	 * @param text the text
	 * @return the non-empty documents, each a map of flattened names to values
	 */
	static List<Map<String, String>> parse(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(Integer.MAX_VALUE);
		options.setAllowRecursiveKeys(true);
		options.setCodePointLimit(Integer.MAX_VALUE);
		DumperOptions dumperOptions = new DumperOptions();
		Yaml yaml = new Yaml(new EmptyValuesConstructor(options), new Representer(dumperOptions), dumperOptions,
				options, new NoTimestampResolver());
		List<Map<String, String>> documents = new ArrayList<>();
		for (Object document : yaml.loadAll(text)) {
			if (document != null && !"".equals(document)) {
				Map<String, String> flat = new LinkedHashMap<>();
				flatten(flat, asMap(document), null);
				documents.add(flat);
			}
		}
		return documents;
	}

	private static Map<String, Object> asMap(Object object) {
		Map<String, Object> result = new LinkedHashMap<>();
		if (!(object instanceof Map<?, ?> map)) {
			result.put("document", object);
			return result;
		}
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			Object value = (entry.getValue() instanceof Map) ? asMap(entry.getValue()) : entry.getValue();
			Object key = entry.getKey();
			result.put((key instanceof CharSequence) ? key.toString() : "[" + key + "]", value);
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	private static void flatten(Map<String, String> result, Map<String, Object> source, @Nullable String path) {
		for (Map.Entry<String, Object> entry : source.entrySet()) {
			String key = entry.getKey();
			if (path != null && !path.isEmpty()) {
				key = key.startsWith("[") ? path + key : path + "." + key;
			}
			Object value = entry.getValue();
			if (value instanceof Map) {
				flatten(result, (Map<String, Object>) value, key);
			}
			else if (value instanceof Collection<?> collection) {
				if (collection.isEmpty()) {
					result.put(key, "");
				}
				else {
					int index = 0;
					for (Object element : collection) {
						Map<String, Object> single = new LinkedHashMap<>();
						single.put("[" + (index++) + "]", (element instanceof Map) ? asMap(element) : element);
						flatten(result, single, key);
					}
				}
			}
			else {
				result.put(key, (value != null) ? value.toString() : "");
			}
		}
	}

	/**
	 * Constructs an empty list as an empty value, as Spring Boot does.
	 */
	private static final class EmptyValuesConstructor extends SafeConstructor {

		EmptyValuesConstructor(LoaderOptions options) {
			super(options);
		}

		@Override
		protected Object constructObject(Node node) {
			if (node instanceof SequenceNode sequence && sequence.getValue().isEmpty()) {
				return "";
			}
			return super.constructObject(node);
		}

	}

	/**
	 * Leaves timestamps as text, as Spring Boot does.
	 */
	private static final class NoTimestampResolver extends Resolver {

		@Override
		public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
			if (tag != Tag.TIMESTAMP) {
				super.addImplicitResolver(tag, regexp, first, limit);
			}
		}

	}

}
