package dev.udsrpc.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PropertiesDocuments}: it reads what Spring Boot's properties loader
 * reads.
 */
class PropertiesDocumentsTests {

	@ParameterizedTest
	@ValueSource(strings = { "a=1\nb = 2\nc:3\nd 4\n  e\t=  5  \n", "a=x\\\n    y\\\n z\nb=\\u0041\\t\\=\\:\\\\\n",
			"# comment\n! other\na=1\n#---\nb=2\n!---\nc=3\n", "a=1\n#---\n# comment\nb=2\n",
			"a=1\n# comment\n#---\nb=2\n", "a=1\n  #---\nb=2\n", "a=1\n#----\nb=2\n#--- \nc=3\n",
			"list[]=a,b\\,c, d\nempty=\nkey\n=value\n", "a=1\r\nb=2\rc=3", "x.y[0]=a\nx.y[1]=b\n#---\n#---\nz=1\n",
			"ünï=cödé\n" })
	void readsAsSpringBootDoes(String text) throws IOException {
		assertThat(PropertiesDocuments
			.parse(new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)))
			.isEqualTo(springBoot(text));
	}

	private static List<Map<String, String>> springBoot(String text) throws IOException {
		List<Map<String, String>> documents = new ArrayList<>();
		for (PropertySource<?> source : new PropertiesPropertySourceLoader().load("test",
				new ByteArrayResource(text.getBytes(StandardCharsets.ISO_8859_1)))) {
			Map<String, String> document = new LinkedHashMap<>();
			EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
			for (String name : enumerable.getPropertyNames()) {
				document.put(name, String.valueOf(enumerable.getProperty(name)));
			}
			documents.add(document);
		}
		return documents;
	}

}
