package dev.udsrpc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.udsrpc.context.UdsRpcReloadEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The greeting of {@code Hello}: from {@code myd.greeting}, or from the first line of
 * {@code myd.greeting-file}, read again on every reload. A reload that cannot read the
 * file fails, so clients get no {@code ConfigReloaded} and the old greeting stays.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Component
public class Greeting {

	private static final Log logger = LogFactory.getLog(Greeting.class);

	private final @Nullable Path file;

	private volatile String current;

	Greeting(MydProperties properties) {
		this.file = properties.greetingFile();
		this.current = (this.file != null) ? read(this.file) : properties.greeting();
	}

	/**
	 * Return the greeting.
	 * @return the current greeting
	 */
	public String current() {
		return this.current;
	}

	@EventListener
	void reload(UdsRpcReloadEvent event) {
		if (this.file != null) {
			this.current = read(this.file);
			logger.info("Greeting is now '" + this.current + "'");
		}
	}

	private static String read(Path file) {
		try {
			return Files.readAllLines(file).stream().findFirst().orElse("").strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the greeting file " + file, ex);
		}
	}

}
