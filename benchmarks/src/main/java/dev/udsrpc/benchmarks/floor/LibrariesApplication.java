package dev.udsrpc.benchmarks.floor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The floor under the start-up target: the small application of the start-up comparison,
 * made to answer {@code Ping} by hand with the two libraries the starter cannot do
 * without. It builds a Jackson {@link JsonMapper} on a thread of its own from the moment
 * the JVM runs (as the starter's preinitializer does), binds a junixsocket server socket
 * when the context starts, and answers each line with a reply written by the mapper. No
 * limits, no concurrency, no lock file: what is left is the cost of loading and
 * initializing Jackson and junixsocket in a starting Spring Boot application.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@SpringBootApplication
public class LibrariesApplication {

	private static final CompletableFuture<JsonMapper> mapper = new CompletableFuture<>();

	public static void main(String[] args) {
		Thread builder = new Thread(() -> mapper.complete(JsonMapper.builder().build()), "mapper");
		builder.setDaemon(true);
		builder.start();
		SpringApplication.run(LibrariesApplication.class, args);
	}

	/**
	 * Serves {@code Ping} on {@code $XDG_RUNTIME_DIR/<name>/<name>.sock} while the
	 * context runs.
	 */
	@Component
	static class PingServer implements SmartLifecycle {

		private final Path socket;

		private volatile @Nullable AFUNIXServerSocketChannel server;

		PingServer(Environment environment) {
			String name = environment.getRequiredProperty("spring.application.name");
			this.socket = Path.of(environment.getRequiredProperty("XDG_RUNTIME_DIR"), name, name + ".sock");
		}

		@Override
		public void start() {
			JsonMapper json = mapper.join();
			try {
				Files.createDirectories(this.socket.getParent());
				AFUNIXServerSocketChannel channel = AFUNIXServerSocketChannel.open();
				channel.bind(AFUNIXSocketAddress.of(this.socket));
				this.server = channel;
				Thread acceptor = new Thread(() -> serve(channel, json), "ping-server");
				acceptor.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static void serve(AFUNIXServerSocketChannel server, JsonMapper json) {
			while (server.isOpen()) {
				try (SocketChannel client = server.accept()) {
					ByteBuffer in = ByteBuffer.allocate(4096);
					while (client.read(in) > 0 && in.get(in.position() - 1) != '\n') {
						// until the line is complete
					}
					JsonNode request = json.readTree(Arrays.copyOf(in.array(), in.position()));
					Map<String, Object> reply = new LinkedHashMap<>();
					reply.put("id", request.get("id"));
					reply.put("result", Map.of("pong", true));
					byte[] line = (json.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8);
					client.write(ByteBuffer.wrap(line));
				}
				catch (IOException ex) {
					// closed by stop(), or a client that went away
				}
			}
		}

		@Override
		public void stop() {
			AFUNIXServerSocketChannel channel = this.server;
			this.server = null;
			if (channel != null) {
				try {
					channel.close();
				}
				catch (IOException ex) {
					// stopping anyway
				}
			}
		}

		@Override
		public boolean isRunning() {
			return this.server != null;
		}

	}

}
