package dev.udsrpc.context;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Map;

import dev.udsrpc.daemon.internal.DaemonTrust;
import dev.udsrpc.daemon.internal.PosixUser;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;

/**
 * A connection of a command to its daemon over the JDK's own Unix domain socket channel
 * (no native library to load), trusted only once the peer credentials of the socket name
 * the expected user or root: one call at a time, or the events the daemon pushes.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class CommandConnection implements Closeable {

	private static final int CALL_ID = 1;

	private static final long NO_DEADLINE = Long.MIN_VALUE;

	private final Path socket;

	private final SocketChannel channel;

	private final Selector selector;

	private final ByteBuffer input = ByteBuffer.allocate(64 * 1024);

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private CommandConnection(Path socket, SocketChannel channel, Selector selector) {
		this.socket = socket;
		this.channel = channel;
		this.selector = selector;
		this.input.flip();
	}

	/**
	 * Load the JDK's classes of Unix domain sockets (whose first use also seeds a secure
	 * random generator) and of the peer credentials on another thread, while this one
	 * reads the settings: on two cores, that takes them off the time a command takes.
	 */
	static void prepare() {
		Thread thread = new Thread(CommandConnection::load, "udsrpc-command-preload");
		thread.setDaemon(true);
		thread.start();
	}

	private static void load() {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			PeerCredentials.load();
		}
		catch (IOException | RuntimeException ex) {
			// not connected: only the loading counts
		}
		PosixUser.currentUid();
	}

	/**
	 * Connect, and check who serves the socket before anything is sent.
	 * @param socket the socket
	 * @param trust the checks
	 * @param runtimeDir the runtime directory, already verified
	 * @return the connection
	 * @throws UncheckedIOException if the connection fails
	 * @throws UntrustedDaemonException if the socket is served by another user
	 */
	static CommandConnection open(Path socket, DaemonTrust trust, Path runtimeDir) {
		SocketChannel channel;
		try {
			channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		}
		catch (IOException | RuntimeException ex) {
			throw new UncheckedIOException("Cannot connect to " + socket + ": " + ex.getMessage(),
					(ex instanceof IOException io) ? io : new IOException(ex));
		}
		try {
			trust.verifyServer(socket, PeerCredentials.INSTANCE.user(channel), runtimeDir);
			channel.configureBlocking(false);
			Selector selector = Selector.open();
			channel.register(selector, SelectionKey.OP_READ);
			return new CommandConnection(socket, channel, selector);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new UntrustedDaemonException("the socket", socket,
					"has a server whose user cannot be read: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/**
	 * Call a method and wait for its result, skipping the events that come first.
	 * @param method the method
	 * @param params the params as JSON text, or {@code null} for none
	 * @param timeout how long to wait for the response
	 * @return the result
	 * @throws UdsRpcException if the daemon answers with an error
	 * @throws UncheckedIOException if the connection fails, ends or times out
	 */
	@Nullable Object call(String method, @Nullable String params, Duration timeout) {
		StringBuilder request = new StringBuilder(64).append("{\"id\":")
			.append(CALL_ID)
			.append(",\"method\":")
			.append(CommandJson.quote(method));
		if (params != null) {
			request.append(",\"params\":").append(params);
		}
		write(request.append("}\n").toString());
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String text = readLine(deadline);
			if (text == null) {
				throw new UncheckedIOException(new IOException("The connection to " + this.socket + " closed"));
			}
			Object message = parse(text);
			if (message instanceof Map<?, ?> response && !response.containsKey("type")
					&& response.get("id") instanceof CommandJson.JsonNumber id && id.toString().equals("1")) {
				return result(response);
			}
		}
	}

	/**
	 * Read the next message the daemon pushes.
	 * @return the message, or {@code null} once the daemon closes the connection
	 */
	@Nullable Object next() {
		String text = readLine(NO_DEADLINE);
		return (text != null) ? parse(text) : null;
	}

	private static @Nullable Object result(Map<?, ?> response) {
		if (response.get("error") instanceof Map<?, ?> error) {
			int code = (error.get("code") instanceof CommandJson.JsonNumber number && number.isLong())
					? (int) number.longValue() : 0;
			Object message = error.get("message");
			throw new UdsRpcException(code, (message instanceof String text) ? text : String.valueOf(message),
					error.get("data"));
		}
		return response.get("result");
	}

	private @Nullable Object parse(String text) {
		try {
			return CommandJson.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new UncheckedIOException(
					new IOException("The daemon on " + this.socket + " sent what is not JSON: " + ex.getMessage()));
		}
	}

	private void write(String text) {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		try {
			while (buffer.hasRemaining()) {
				if (this.channel.write(buffer) == 0) {
					// the daemon does not read: wait until it does
					this.channel.keyFor(this.selector).interestOps(SelectionKey.OP_WRITE);
					this.selector.select(1000);
					this.channel.keyFor(this.selector).interestOps(SelectionKey.OP_READ);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write to " + this.socket + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Read one line, without its end.
	 * @param deadline the {@link System#nanoTime()} to give up at, or
	 * {@link #NO_DEADLINE}
	 * @return the line, or {@code null} at the end of the stream
	 */
	private @Nullable String readLine(long deadline) {
		try {
			while (true) {
				while (this.input.hasRemaining()) {
					byte next = this.input.get();
					if (next == '\n') {
						String text = this.line.toString(StandardCharsets.UTF_8);
						this.line.reset();
						return text;
					}
					this.line.write(next);
				}
				this.input.clear();
				int read = this.channel.read(this.input);
				this.input.flip();
				if (read < 0) {
					return null;
				}
				if (read == 0) {
					if (deadline == NO_DEADLINE) {
						this.selector.select();
					}
					else {
						long left = deadline - System.nanoTime();
						if (left <= 0) {
							throw new UncheckedIOException(new IOException("No answer on " + this.socket + " in time"));
						}
						this.selector.select(Math.max(1, left / 1_000_000));
					}
					this.selector.selectedKeys().clear();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read from " + this.socket + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		closeQuietly(this.selector);
		closeQuietly(this.channel);
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * Reads the user of the peer of a Unix domain socket ({@code SO_PEERCRED}) through
	 * {@code jdk.net}, whose classes are looked up in the platform class loader: resolved
	 * from a class of an executable Spring Boot jar, their package would first be looked
	 * for in every nested jar, which costs a command more than the rest of its work.
	 */
	private static final class PeerCredentials {

		static final PeerCredentials INSTANCE = new PeerCredentials();

		/**
		 * Load the classes, which initializing this class does.
		 */
		static void load() {
		}

		private final SocketOption<?> option;

		private final Method user;

		private PeerCredentials() {
			try {
				ClassLoader platform = ClassLoader.getPlatformClassLoader();
				this.option = (SocketOption<?>) Class.forName("jdk.net.ExtendedSocketOptions", true, platform)
					.getField("SO_PEERCRED")
					.get(null);
				this.user = Class.forName("jdk.net.UnixDomainPrincipal", true, platform).getMethod("user");
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("The JDK cannot read peer credentials", ex);
			}
		}

		UserPrincipal user(SocketChannel channel) throws IOException {
			try {
				return (UserPrincipal) this.user.invoke(channel.getOption(this.option));
			}
			catch (ReflectiveOperationException ex) {
				throw new IOException("Cannot read the peer credentials", ex);
			}
		}

	}

}
