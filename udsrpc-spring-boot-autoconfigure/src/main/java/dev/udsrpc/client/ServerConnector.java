package dev.udsrpc.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.udsrpc.daemon.internal.DaemonTrust;
import dev.udsrpc.daemon.UntrustedDaemonException;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Opens a connection to a socket and checks, from the kernel's peer credentials
 * ({@code SO_PEERCRED}), that the process serving it runs as the expected user or as
 * root, before anything is sent.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ServerConnector {

	private final Path socketPath;

	private final DaemonTrust trust;

	ServerConnector(Path socketPath, long serverUid) {
		this.socketPath = socketPath;
		this.trust = DaemonTrust.owner(serverUid);
	}

	/**
	 * Return the socket this connector connects to.
	 * @return the path of the socket
	 */
	Path socketPath() {
		return this.socketPath;
	}

	/**
	 * Connect and check the server.
	 * @return the connected socket
	 * @throws UncheckedIOException if the connection fails
	 * @throws UntrustedDaemonException if the server runs as another user
	 */
	AFUNIXSocket connect() {
		AFUNIXSocket socket;
		try {
			socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(this.socketPath));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot connect to " + this.socketPath + ": " + ex.getMessage(), ex);
		}
		try {
			AFUNIXSocketCredentials credentials = socket.getPeerCredentials();
			if (credentials == null || credentials.getUid() < 0) {
				throw new UntrustedDaemonException("the socket", this.socketPath, "has a server whose user is unknown");
			}
			this.trust.verifyServer(this.socketPath, credentials.getUid());
			return socket;
		}
		catch (IOException ex) {
			close(socket);
			throw new UntrustedDaemonException("the socket", this.socketPath,
					"has a server whose user cannot be read: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			close(socket);
			throw ex;
		}
	}

	private static void close(AFUNIXSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// refusing anyway
		}
	}

}
