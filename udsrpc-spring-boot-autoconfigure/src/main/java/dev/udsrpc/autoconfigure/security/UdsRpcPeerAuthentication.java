package dev.udsrpc.autoconfigure.security;

import java.util.Collection;

import dev.udsrpc.server.PeerCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * The {@link org.springframework.security.core.Authentication} of the process connected
 * to the server, as the kernel identified it: its principal is the peer's
 * {@link PeerCredentials}, it has no credentials, and it is authenticated.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcPeerAuthentication extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final PeerCredentials peer;

	private final String name;

	/**
	 * Create an authentication.
	 * @param peer the credentials of the peer
	 * @param name the name of the peer's user, or its uid
	 * @param authorities the authorities
	 */
	public UdsRpcPeerAuthentication(PeerCredentials peer, String name,
			Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.peer = peer;
		this.name = name;
		super.setAuthenticated(true);
	}

	@Override
	public PeerCredentials getPrincipal() {
		return this.peer;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		return this.name;
	}

}
