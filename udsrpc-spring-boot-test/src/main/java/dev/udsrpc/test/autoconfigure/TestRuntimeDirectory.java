package dev.udsrpc.test.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.beans.factory.DisposableBean;

/**
 * The private runtime directory of one test context: created owner-only under
 * {@code java.io.tmpdir}, deleted with everything in it when the context closes.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class TestRuntimeDirectory implements DisposableBean {

	private final Path path;

	private TestRuntimeDirectory(Path path) {
		this.path = path;
	}

	static TestRuntimeDirectory create() {
		return create(Path.of(System.getProperty("java.io.tmpdir")));
	}

	static TestRuntimeDirectory create(Path parent) {
		try {
			return new TestRuntimeDirectory(Files.createTempDirectory(parent, "udsrpc-test-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a runtime directory for the test in " + parent, ex);
		}
	}

	Path path() {
		return this.path;
	}

	@Override
	public void destroy() throws IOException {
		if (!Files.exists(this.path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.path)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
