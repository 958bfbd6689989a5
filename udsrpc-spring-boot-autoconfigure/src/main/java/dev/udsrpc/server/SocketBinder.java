package dev.udsrpc.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Channel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The listening socket and its file: binds the socket path (refusing to replace anything
 * there), or takes over an inherited socket (socket activation), and removes the socket
 * file it bound, and only that one, when the server stops.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class SocketBinder {

	private static final System.Logger logger = System.getLogger(UdsRpcServer.class.getName());

	private final Path socketPath;

	private final int inheritedDescriptor;

	private volatile @Nullable Object boundFileKey;

	/**
	 * Create a binder.
	 * @param socketPath the path to bind
	 * @param inheritedDescriptor the descriptor of an inherited listening socket, or -1
	 */
	SocketBinder(Path socketPath, int inheritedDescriptor) {
		this.socketPath = socketPath;
		this.inheritedDescriptor = inheritedDescriptor;
	}

	boolean isInherited() {
		return this.inheritedDescriptor >= 0;
	}

	/**
	 * Open the listening channel, not blocking.
	 * @param provider the selector provider
	 * @param backlog the listen backlog
	 * @param permissions the permissions of the socket file
	 * @return the channel
	 * @throws IOException if the socket cannot be bound
	 */
	AFUNIXServerSocketChannel open(AFUNIXSelectorProvider provider, int backlog, Set<PosixFilePermission> permissions)
			throws IOException {
		AFUNIXServerSocketChannel channel = null;
		try {
			if (isInherited()) {
				// socket activation: the service manager owns the socket file, never
				// unlink it
				channel = FileDescriptorCast.unsafeUsing(this.inheritedDescriptor).as(AFUNIXServerSocketChannel.class);
				channel.setDeleteOnClose(false);
			}
			else {
				if (Files.exists(this.socketPath, LinkOption.NOFOLLOW_LINKS)) {
					// junixsocket would replace whatever is there
					throw new FileAlreadyExistsException(this.socketPath.toString(), null,
							"a file exists at the socket path");
				}
				channel = provider.openServerSocketChannel();
				channel.socket().setReuseAddress(false);
				channel.setDeleteOnClose(false);
				channel.bind(AFUNIXSocketAddress.of(this.socketPath), backlog);
				this.boundFileKey = fileKey(this.socketPath);
				Files.setPosixFilePermissions(this.socketPath, permissions);
			}
			channel.configureBlocking(false);
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/**
	 * Remove the socket file this binder bound, if it is still the one at the path.
	 */
	void deleteSocketFile() {
		Object bound = this.boundFileKey;
		if (bound == null) {
			return;
		}
		try {
			if (bound.equals(fileKey(this.socketPath))) {
				Files.deleteIfExists(this.socketPath);
			}
		}
		catch (NoSuchFileException ex) {
			// already gone
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot delete socket file " + this.socketPath, ex);
		}
		this.boundFileKey = null;
	}

	private static @Nullable Object fileKey(Path path) throws IOException {
		return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
	}

	static void closeQuietly(@Nullable Channel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// nothing to do
			}
		}
	}

}
