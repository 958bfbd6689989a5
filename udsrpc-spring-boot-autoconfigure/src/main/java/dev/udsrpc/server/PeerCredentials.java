package dev.udsrpc.server;

/**
 * The credentials of the process at the other end of a connection, as the kernel reports
 * them when the connection is accepted.
 *
 * @param pid the process id
 * @param uid the user id
 * @param gid the group id
 * @author udsrpc authors
 * @since 0.1.0
 */
public record PeerCredentials(long pid, long uid, long gid) {

}
