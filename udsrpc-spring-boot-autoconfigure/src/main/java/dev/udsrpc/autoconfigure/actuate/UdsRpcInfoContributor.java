package dev.udsrpc.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.server.UdsRpcServer;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.util.Assert;

/**
 * {@link InfoContributor} that adds a {@code udsrpc} entry: the daemon's name, its
 * socket, the protocol dialects it speaks and how many RPC methods it serves.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcInfoContributor implements InfoContributor {

	/**
	 * The dialects every udsrpc server speaks.
	 */
	static final List<String> DIALECTS = List.of("go", "jsonrpc-2.0");

	private final UdsRpcServer server;

	private final DaemonLocation location;

	/**
	 * Create a new info contributor.
	 * @param server the server
	 * @param location where the daemon keeps its files
	 */
	public UdsRpcInfoContributor(UdsRpcServer server, DaemonLocation location) {
		Assert.notNull(server, "'server' must not be null");
		Assert.notNull(location, "'location' must not be null");
		this.server = server;
		this.location = location;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("app", this.location.appName());
		details.put("socket", this.server.socketPath().toString());
		details.put("dialects", DIALECTS);
		details.put("handlers", this.server.registry().names().size());
		builder.withDetail("udsrpc", details);
	}

}
