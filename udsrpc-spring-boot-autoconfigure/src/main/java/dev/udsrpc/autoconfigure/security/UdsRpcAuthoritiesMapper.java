package dev.udsrpc.autoconfigure.security;

import java.util.Collection;

import dev.udsrpc.server.PeerCredentials;

import org.springframework.security.core.GrantedAuthority;

/**
 * Maps the authorities of a peer, {@code UID_<uid>} and {@code GID_<gid>} for its primary
 * and supplementary groups, to those its calls run with. Declare a bean of this type to
 * add roles, for example {@code ROLE_ADMIN} for uid 0.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface UdsRpcAuthoritiesMapper {

	/**
	 * Map the authorities of a peer.
	 * @param peer the credentials of the peer
	 * @param authorities the authorities derived from its uid and groups
	 * @return the authorities its calls run with
	 */
	Collection<? extends GrantedAuthority> mapAuthorities(PeerCredentials peer,
			Collection<? extends GrantedAuthority> authorities);

}
