package dev.udsrpc.server;

import java.util.List;
import java.util.Objects;

/**
 * The credentials of the process at the other end of a connection, as the kernel reports
 * them when the connection is accepted.
 * <p>
 * The kernel vouches for the pid, uid and gid: they are those of the process when it
 * connected. The supplementary groups are read from {@code /proc/<pid>/status} when the
 * connection is accepted, so they are those of the process with that pid at that moment
 * (empty when it cannot be read, for example after the process exited).
 *
 * @param pid the process id
 * @param uid the user id
 * @param gid the group id
 * @param groups the supplementary group ids
 * @author udsrpc authors
 * @since 0.1.0
 */
public record PeerCredentials(long pid, long uid, long gid, List<Long> groups) {

	/**
	 * Create credentials.
	 * @param pid the process id
	 * @param uid the user id
	 * @param gid the group id
	 * @param groups the supplementary group ids
	 */
	public PeerCredentials {
		groups = List.copyOf(Objects.requireNonNull(groups, "'groups' must not be null"));
	}

	/**
	 * Create credentials without supplementary groups.
	 * @param pid the process id
	 * @param uid the user id
	 * @param gid the group id
	 */
	public PeerCredentials(long pid, long uid, long gid) {
		this(pid, uid, gid, List.of());
	}

}
