package dev.udsrpc.context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AotCache}.
 */
class AotCacheTests {

	private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC");

	@TempDir
	Path tempDir;

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void isNotUsedUnlessAskedFor() throws IOException {
		assertThat(AotCache.of(settings(false), jvm(25, executableJar()), OPTIONS, err())).isNull();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void isNotUsedBeforeJava24AndSaysSo() throws IOException {
		assertThat(AotCache.of(settings(true), jvm(21, executableJar()), OPTIONS, err())).isNull();
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("udsrpc.daemon.aot-cache needs Java 24 or later, not 21");
	}

	@Test
	void runsAnExecutableJarExtractedBesideTheCache() throws IOException {
		Path jar = executableJar();
		AotCache cache = AotCache.of(settings(true), jvm(25, jar), OPTIONS, err());
		assertThat(cache).isNotNull();
		assertThat(cache.isReady()).isFalse();
		AotCache.Use use = cache.use();
		Path directory = this.tempDir.resolve("cache/aot");
		assertThat(use.options()).singleElement()
			.asString()
			.startsWith("-XX:AOTCache=" + directory)
			.endsWith("/app.aot");
		assertThat(use.mainClass(List.of("-jar", jar.toString()))).hasSize(2).first().isEqualTo("-jar");
		assertThat(use.mainClass(List.of("-jar", jar.toString())).get(1)).startsWith(directory.toString())
			.endsWith("/app/myd.jar");
	}

	@Test
	void keepsOneCachePerBuildJvmAndOptions() throws IOException {
		Path jar = executableJar();
		String first = AotCache.of(settings(true), jvm(25, jar), OPTIONS, err()).use().options().get(0);
		assertThat(AotCache.of(settings(true), jvm(25, jar), OPTIONS, err()).use().options().get(0)).isEqualTo(first);
		assertThat(AotCache.of(settings(true), jvm(25, jar), List.of("-XX:+UseG1GC"), err()).use().options().get(0))
			.isNotEqualTo(first);
		Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
		assertThat(AotCache.of(settings(true), jvm(25, jar), OPTIONS, err()).use().options().get(0))
			.as("another build of the jar")
			.isNotEqualTo(first);
	}

	@Test
	void runsAClassPathAsItIs() throws IOException {
		Path jar = Files.createFile(this.tempDir.resolve("plain.jar"));
		List<String> mainClass = List.of("-cp", jar.toString(), "my.App");
		AotCache cache = AotCache.of(settings(true), new CurrentJvm("java", List.of(), mainClass, 25), OPTIONS, err());
		assertThat(cache.use().mainClass(mainClass)).isEqualTo(mainClass);
	}

	private PrintStream err() {
		return new PrintStream(this.err, true, StandardCharsets.UTF_8);
	}

	private UdsRpcDaemonSettings settings(boolean aotCache) {
		DaemonProperties properties = new DaemonProperties();
		properties.setAotCache(aotCache);
		properties.setCacheDirectory(this.tempDir.resolve("cache"));
		return UdsRpcDaemonSettings.of("myd", this.tempDir.resolve("run"), null, properties);
	}

	private static CurrentJvm jvm(int feature, Path jar) {
		return new CurrentJvm("/usr/bin/java", List.of(), List.of("-jar", jar.toString()), feature);
	}

	private Path executableJar() throws IOException {
		Path jar = this.tempDir.resolve("myd.jar");
		if (!Files.exists(jar)) {
			Manifest manifest = new Manifest();
			manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
			manifest.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
				// the manifest is all
			}
		}
		return jar;
	}

}
