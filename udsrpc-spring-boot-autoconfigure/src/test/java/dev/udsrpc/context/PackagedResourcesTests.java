package dev.udsrpc.context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.loader.launch.LaunchedClassLoader;
import org.springframework.boot.loader.net.protocol.Handlers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PackagedResources}: it finds in an executable jar what the class
 * loader of the jar finds.
 */
class PackagedResourcesTests {

	private static final List<String> NAMES = List.of("application.properties", "application.yml", "application.yaml",
			"config/application.properties", "config/application.yml", "application-dev.yml",
			"config/application-dev.properties", "other.properties");

	@TempDir
	Path tempDir;

	@Test
	void findsWhatTheClassLoaderOfAnExecutableJarFinds() throws IOException {
		Handlers.register();
		Path jar = this.tempDir.resolve("app with space.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (String directory : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/config/",
					"BOOT-INF/lib/")) {
				out.putNextEntry(new JarEntry(directory));
				out.closeEntry();
			}
			deflated(out, "BOOT-INF/classes/application.properties", "a=classes\n");
			deflated(out, "BOOT-INF/classes/config/application-dev.properties", "a=classes dev\n");
			stored(out, "BOOT-INF/lib/first.jar",
					nestedJar("application.properties", "a=first\n", "config/application.yml", "a: first\n"));
			stored(out, "BOOT-INF/lib/second.jar",
					nestedJar("application.yml", "a: second\n", "application-dev.yml", "a: second dev\n"));
		}
		String base = "jar:nested:" + jar.toUri().getRawPath() + "/!";
		URL[] urls = { new URL(base + "BOOT-INF/classes/!/"), new URL(base + "BOOT-INF/lib/first.jar!/"),
				new URL(base + "BOOT-INF/lib/second.jar!/") };
		try (LaunchedClassLoader loader = new LaunchedClassLoader(false, urls, null)) {
			PackagedResources resources = PackagedResources.of(loader);
			assertThat(resources.readsFromJar()).isTrue();
			for (String name : NAMES) {
				URL expected = loader.getResource(name);
				byte[] actual = resources.read(name);
				if (expected == null) {
					assertThat(actual).as(name).isNull();
				}
				else {
					try (InputStream in = expected.openStream()) {
						assertThat(actual).as(name).isEqualTo(in.readAllBytes());
					}
				}
			}
		}
	}

	@Test
	void asksAnyOtherClassLoader() throws IOException {
		Files.writeString(this.tempDir.resolve("application.yml"), "a: b\n");
		try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new URL[] { this.tempDir.toUri().toURL() },
				null)) {
			PackagedResources resources = PackagedResources.of(loader);
			assertThat(resources.readsFromJar()).isFalse();
			assertThat(resources.read("application.yml")).isEqualTo("a: b\n".getBytes(StandardCharsets.UTF_8));
			assertThat(resources.read("application.properties")).isNull();
		}
	}

	private static byte[] nestedJar(String... namesAndContents) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream out = new JarOutputStream(bytes)) {
			for (int i = 0; i < namesAndContents.length; i += 2) {
				deflated(out, namesAndContents[i], namesAndContents[i + 1]);
			}
		}
		return bytes.toByteArray();
	}

	private static void deflated(JarOutputStream out, String name, String content) throws IOException {
		out.putNextEntry(new JarEntry(name));
		out.write(content.getBytes(StandardCharsets.UTF_8));
		out.closeEntry();
	}

	private static void stored(JarOutputStream out, String name, byte[] content) throws IOException {
		JarEntry entry = new JarEntry(name);
		entry.setMethod(ZipEntry.STORED);
		entry.setSize(content.length);
		CRC32 crc = new CRC32();
		crc.update(content);
		entry.setCrc(crc.getValue());
		out.putNextEntry(entry);
		((OutputStream) out).write(content);
		out.closeEntry();
	}

}
