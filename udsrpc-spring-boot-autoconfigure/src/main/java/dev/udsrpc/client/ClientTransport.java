package dev.udsrpc.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.protocol.internal.LineFramer;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The connection of a client: opened through a {@link ServerConnector}, which checks the
 * server's user, read line by line on a thread of its own, written one whole request at a
 * time, and, when a back-off is given, opened again after it is lost. What arrives, and
 * what becomes of the connection, goes to a {@link Listener}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ClientTransport {

	private static final System.Logger logger = System.getLogger(UdsRpcClient.class.getName());

	private final Path socketPath;

	private final ServerConnector connector;

	private final int maxMessageSize;

	private final @Nullable ReconnectBackoff backoff;

	private final Listener listener;

	private final Object writeLock = new Object();

	private final Object stateLock = new Object();

	private volatile @Nullable AFUNIXSocket socket;

	private volatile @Nullable OutputStream output;

	private volatile CompletableFuture<Void> connected = new CompletableFuture<>();

	private volatile boolean closed;

	private final CompletableFuture<Void> disconnected = new CompletableFuture<>();

	private final Thread reader;

	/**
	 * Connect, and start reading.
	 * @param connector opens the connection and checks the server
	 * @param maxMessageSize the longest line accepted from the server
	 * @param backoff the waits between attempts to reconnect, or {@code null} not to
	 * reconnect
	 * @param listener receives the lines and what becomes of the connection
	 * @throws UncheckedIOException if the connection fails
	 * @throws UntrustedDaemonException if the server runs as another user
	 */
	ClientTransport(ServerConnector connector, int maxMessageSize, @Nullable ReconnectBackoff backoff,
			Listener listener) {
		this.socketPath = connector.socketPath();
		this.connector = connector;
		this.maxMessageSize = maxMessageSize;
		this.backoff = backoff;
		this.listener = listener;
		openSocket();
		this.reader = new Thread(this::readLoop, "udsrpc-client-" + this.socketPath.getFileName());
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Write a request once connected: at once, or when a reconnection succeeds.
	 * @param request the request, with its line terminator
	 * @param onFailure called if the request cannot be written
	 */
	void send(byte[] request, Consumer<Throwable> onFailure) {
		this.connected.whenComplete((ignored, ex) -> {
			if (ex != null) {
				onFailure.accept(PendingCalls.unwrap(ex));
			}
			else {
				write(request, onFailure);
			}
		});
	}

	/**
	 * Return whether the connection is open now.
	 * @return {@code true} while connected
	 */
	boolean isConnected() {
		AFUNIXSocket current = this.socket;
		CompletableFuture<Void> ready = this.connected;
		return current != null && current.isConnected() && !current.isClosed() && ready.isDone()
				&& !ready.isCompletedExceptionally();
	}

	/**
	 * Return a future that completes when the connection is gone for good: closed, lost
	 * without reconnecting, or its reader failed.
	 * @return the future; not to be completed by the caller
	 */
	CompletableFuture<Void> disconnected() {
		return this.disconnected;
	}

	/**
	 * Close the connection and stop reconnecting.
	 */
	void close() {
		synchronized (this.stateLock) {
			this.closed = true;
		}
		closeSocket();
		this.connected.completeExceptionally(new UncheckedIOException(new IOException("Client closed")));
		this.reader.interrupt();
		this.disconnected.complete(null);
	}

	private void write(byte[] request, Consumer<Throwable> onFailure) {
		OutputStream out = this.output;
		try {
			if (out == null) {
				throw new IOException("Not connected to " + this.socketPath);
			}
			synchronized (this.writeLock) {
				out.write(request);
				out.flush();
			}
		}
		catch (IOException ex) {
			onFailure.accept(new UncheckedIOException(ex));
		}
	}

	private void openSocket() {
		AFUNIXSocket opened = this.connector.connect();
		CompletableFuture<Void> ready;
		try {
			OutputStream out = opened.getOutputStream();
			synchronized (this.stateLock) {
				if (this.closed) {
					close(opened);
					return;
				}
				this.socket = opened;
				this.output = out;
				ready = this.connected;
			}
		}
		catch (IOException ex) {
			close(opened);
			throw new UncheckedIOException("Cannot connect to " + this.socketPath + ": " + ex.getMessage(), ex);
		}
		// outside the lock: completing it writes the requests that waited for the
		// connection
		ready.complete(null);
	}

	private void closeSocket() {
		AFUNIXSocket current = this.socket;
		if (current != null) {
			close(current);
		}
	}

	private void readLoop() {
		try {
			readAndReconnect();
		}
		catch (Throwable ex) {
			// whatever ended the reader, no answer can arrive any more: fail every call
			// now rather than each at its timeout
			IllegalStateException failure = new IllegalStateException(
					"The reader of " + this.socketPath + " failed: " + ex, ex);
			logger.log(Level.ERROR, "The reader of " + this.socketPath + " failed; the client is unusable", ex);
			this.listener.onFailure(failure);
			closeSocket();
			synchronized (this.stateLock) {
				this.output = null;
				if (!this.connected.completeExceptionally(failure)) {
					this.connected = CompletableFuture.failedFuture(failure);
				}
			}
			this.disconnected.complete(null);
		}
	}

	private void readAndReconnect() {
		while (!this.closed) {
			AFUNIXSocket current = this.socket;
			if (current != null) {
				readUntilClosed(current);
			}
			UncheckedIOException lost = new UncheckedIOException(
					new IOException("Connection to " + this.socketPath + " closed"));
			synchronized (this.stateLock) {
				this.output = null;
				if (this.connected.isDone()) {
					this.connected = new CompletableFuture<>();
				}
			}
			this.listener.onConnectionLost(lost);
			if (this.backoff == null || this.closed) {
				this.connected.completeExceptionally(lost);
				this.disconnected.complete(null);
				return;
			}
			if (!reconnect(this.backoff)) {
				return;
			}
		}
	}

	/**
	 * Try to connect until it succeeds or the client is closed.
	 * @return whether connected
	 */
	private boolean reconnect(ReconnectBackoff backoff) {
		Duration wait = backoff.initial();
		while (!this.closed) {
			try {
				Thread.sleep(wait.toMillis());
				openSocket();
				return !this.closed;
			}
			catch (UntrustedDaemonException ex) {
				logger.log(Level.WARNING, ex.getMessage() + "; trying again");
				wait = backoff.next(wait);
			}
			catch (UncheckedIOException ex) {
				wait = backoff.next(wait);
			}
			catch (InterruptedException ex) {
				return false;
			}
		}
		return false;
	}

	private void readUntilClosed(AFUNIXSocket current) {
		LineFramer framer = new LineFramer(this.maxMessageSize);
		byte[] buffer = new byte[64 * 1024];
		try {
			InputStream in = current.getInputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (!framer.feed(buffer, 0, read, this.listener::onLine)) {
					logger.log(Level.WARNING, "Closing: a message from " + this.socketPath + " exceeds "
							+ this.maxMessageSize + " bytes");
					break;
				}
			}
		}
		catch (IOException ex) {
			// connection lost
		}
		close(current);
	}

	private static void close(AFUNIXSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * Receives what arrives on the connection, on the reader thread.
	 */
	interface Listener {

		/**
		 * Called with each line received (without its terminator). An {@link Error}
		 * thrown ends the reader, as an exception should never be.
		 * @param line the line; not reused
		 */
		void onLine(byte[] line);

		/**
		 * Called when the connection is lost, before any reconnection.
		 * @param lost the exception to fail what waited for the connection with
		 */
		void onConnectionLost(RuntimeException lost);

		/**
		 * Called when the reader failed: the client is unusable from now on.
		 * @param failure the exception to fail every call with
		 */
		void onFailure(RuntimeException failure);

	}

}
