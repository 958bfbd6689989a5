package dev.udsrpc.sample;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Jars and class paths for running {@code myd} the way it is deployed.
 */
final class MydJars {

	private MydJars() {
	}

	/**
	 * Write a jar that holds nothing but a manifest naming {@link MydApplication} and the
	 * given class path, so that {@code java -jar} runs {@code myd}.
	 */
	static Path thinJar(Path jar, String classPath) throws IOException {
		Manifest manifest = new Manifest();
		Attributes attributes = manifest.getMainAttributes();
		attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		attributes.put(Attributes.Name.MAIN_CLASS, MydApplication.class.getName());
		attributes.put(Attributes.Name.CLASS_PATH,
				Arrays.stream(classPath.split(File.pathSeparator))
					.map((entry) -> Path.of(entry).toAbsolutePath().toUri().toString())
					.collect(Collectors.joining(" ")));
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			// the manifest is all
		}
		return jar;
	}

	/**
	 * Return the given class path with every file in it (the jars of the local Maven
	 * repository, which another user may not read) linked, or copied, and every directory
	 * copied, into a directory that every user can read.
	 */
	static String readableByAll(String classPath, Path dir) throws IOException {
		Path lib = Files.createDirectories(dir);
		StringBuilder result = new StringBuilder();
		int index = 0;
		for (String entry : classPath.split(File.pathSeparator)) {
			Path path = Path.of(entry).toAbsolutePath();
			if (Files.isRegularFile(path)) {
				Path linked = lib.resolve((index++) + "-" + path.getFileName());
				try {
					Files.createLink(linked, path);
				}
				catch (IOException | UnsupportedOperationException ex) {
					Files.copy(path, linked);
				}
				path = linked;
			}
			else if (Files.isDirectory(path)) {
				// target/classes of a clone in a directory only its owner may enter
				path = copyTree(path, lib.resolve((index++) + "-" + path.getFileName()));
			}
			if (!result.isEmpty()) {
				result.append(File.pathSeparator);
			}
			result.append(path);
		}
		return result.toString();
	}

	private static Path copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path copy = target.resolve(source.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(copy);
				}
				else {
					Files.copy(path, copy);
				}
			}
		}
		return target;
	}

}
