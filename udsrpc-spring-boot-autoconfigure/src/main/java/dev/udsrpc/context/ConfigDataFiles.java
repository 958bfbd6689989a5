package dev.udsrpc.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The configuration files Spring Boot reads by default, read as it reads them: in the
 * group of {@code classpath:/} and {@code classpath:/config/}, then in the group of
 * {@code file:./}, {@code file:./config/} and {@code file:./config/*}{@code /}, the files
 * {@code application.properties}, {@code .yml} and {@code .yaml} (and
 * {@code application-<profile>.*} for a profile), each document a source of properties.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ConfigDataFiles {

	/**
	 * The extensions, from the lowest precedence to the highest: in one directory,
	 * {@code .properties} wins over YAML.
	 */
	private static final String[] EXTENSIONS = { "yaml", "yml", "properties" };

	private final PackagedResources packaged;

	private final Path workingDirectory;

	ConfigDataFiles(ClassLoader classLoader, Path workingDirectory) {
		this.packaged = PackagedResources.of(classLoader);
		this.workingDirectory = workingDirectory;
	}

	/**
	 * Return the documents of the files packaged with the application (the class path),
	 * from the lowest precedence to the highest.
	 * @param profile the profile, or {@code null} for the files of no profile
	 */
	List<CommandPropertySource> classpath(@Nullable String profile) {
		List<CommandPropertySource> documents = new ArrayList<>();
		for (String directory : new String[] { "", "config/" }) {
			for (String extension : EXTENSIONS) {
				String name = directory + fileName(profile, extension);
				byte[] content = this.packaged.read(name);
				if (content != null) {
					add(documents, "classpath:/" + name, extension, decode(content, name));
				}
			}
			xmlUnsupported(this.packaged.read(directory + fileName(profile, "xml")) != null);
		}
		return documents;
	}

	/**
	 * Return the documents of the files in the working directory, from the lowest
	 * precedence to the highest.
	 * @param profile the profile, or {@code null} for the files of no profile
	 */
	List<CommandPropertySource> files(@Nullable String profile) {
		List<CommandPropertySource> documents = new ArrayList<>();
		List<Path> directories = new ArrayList<>();
		directories.add(this.workingDirectory);
		Path config = this.workingDirectory.resolve("config");
		directories.add(config);
		directories.addAll(subdirectories(config));
		for (Path directory : directories) {
			for (String extension : EXTENSIONS) {
				Path file = directory.resolve(fileName(profile, extension));
				if (Files.isRegularFile(file)) {
					add(documents, "file:" + file, extension, read(file));
				}
			}
			xmlUnsupported(Files.exists(directory.resolve(fileName(profile, "xml"))));
		}
		return documents;
	}

	private static String fileName(@Nullable String profile, String extension) {
		return ((profile != null) ? "application-" + profile : "application") + "." + extension;
	}

	private static void xmlUnsupported(boolean exists) {
		if (exists) {
			throw new FullEnvironmentRequiredException("an application.xml file");
		}
	}

	private static void add(List<CommandPropertySource> documents, String name, String extension, String text) {
		List<Map<String, String>> parsed = extension.equals("properties") ? PropertiesDocuments.parse(text)
				: yaml(text);
		for (int i = 0; i < parsed.size(); i++) {
			documents.add(CommandPropertySource.of(name + ((parsed.size() > 1) ? " (document #" + i + ")" : ""),
					parsed.get(i)));
		}
	}

	private static List<Map<String, String>> yaml(String text) {
		try {
			Class.forName("org.yaml.snakeyaml.Yaml", false, ConfigDataFiles.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new FullEnvironmentRequiredException("a YAML file, without SnakeYAML");
		}
		return YamlDocuments.parse(text);
	}

	/**
	 * Return the directories of {@code config/*}{@code /}, in the order of their paths,
	 * without the {@code ..}-prefixed ones Kubernetes mounts.
	 */
	private static List<Path> subdirectories(Path config) {
		if (!Files.isDirectory(config)) {
			return List.of();
		}
		List<Path> directories = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(config)) {
			for (Path entry : entries) {
				if (Files.isDirectory(entry) && !entry.getFileName().toString().startsWith("..")) {
					directories.add(entry);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + config, ex);
		}
		Collections.sort(directories);
		return directories;
	}

	private static String read(Path file) {
		try {
			return decode(Files.readAllBytes(file), file.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	private static String decode(byte[] bytes, String name) {
		// as Spring Boot: properties files in ISO-8859-1, YAML in UTF-8
		Charset charset = name.endsWith(".properties") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
		return new String(bytes, charset);
	}

}
