package dev.udsrpc.autoconfigure.actuate;

import java.util.Comparator;
import java.util.List;

import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.server.PeerCredentials;
import dev.udsrpc.server.UdsRpcConnection;
import dev.udsrpc.server.UdsRpcServer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} {@code udsrpc}: the daemon's socket and its connected
 * clients, each with its connection id, the process id, user id and group id of the peer,
 * and the dialect it speaks.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Endpoint(id = "udsrpc")
public class UdsRpcEndpoint {

	private final UdsRpcServer server;

	private final DaemonLocation location;

	/**
	 * Create a new endpoint.
	 * @param server the server
	 * @param location where the daemon keeps its files
	 */
	public UdsRpcEndpoint(UdsRpcServer server, DaemonLocation location) {
		Assert.notNull(server, "'server' must not be null");
		Assert.notNull(location, "'location' must not be null");
		this.server = server;
		this.location = location;
	}

	/**
	 * Describe the daemon and its clients.
	 * @return the descriptor
	 */
	@ReadOperation
	public UdsRpcDescriptor udsrpc() {
		List<ClientDescriptor> clients = this.server.connections()
			.stream()
			.sorted(Comparator.comparingLong(UdsRpcConnection::id))
			.map(ClientDescriptor::of)
			.toList();
		return new UdsRpcDescriptor(this.location.appName(), this.server.socketPath().toString(),
				this.server.isRunning(), clients);
	}

	/**
	 * Describe one client.
	 * @param id the connection id
	 * @return the client, or {@code null} (404) if no such connection is open
	 */
	@ReadOperation
	public @Nullable ClientDescriptor client(@Selector long id) {
		return this.server.connections()
			.stream()
			.filter((connection) -> connection.id() == id)
			.findFirst()
			.map(ClientDescriptor::of)
			.orElse(null);
	}

	/**
	 * The daemon and its clients.
	 *
	 * @param app the daemon's name
	 * @param socket the socket path
	 * @param running whether the server accepts connections
	 * @param clients the connected clients, oldest first
	 * @since 0.1.0
	 */
	public record UdsRpcDescriptor(String app, String socket, boolean running, List<ClientDescriptor> clients) {

	}

	/**
	 * A connected client.
	 *
	 * @param id the connection id
	 * @param pid the process id of the peer
	 * @param uid the user id of the peer
	 * @param gid the group id of the peer
	 * @param dialect the dialect of the connection: {@code go} or {@code jsonrpc-2.0}
	 * @since 0.1.0
	 */
	public record ClientDescriptor(long id, long pid, long uid, long gid, String dialect) {

		static ClientDescriptor of(UdsRpcConnection connection) {
			PeerCredentials peer = connection.peer();
			return new ClientDescriptor(connection.id(), peer.pid(), peer.uid(), peer.gid(),
					(connection.dialect() == Dialect.JSON_RPC_2) ? "jsonrpc-2.0" : "go");
		}

	}

}
