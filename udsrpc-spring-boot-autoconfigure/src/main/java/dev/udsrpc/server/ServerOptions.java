package dev.udsrpc.server;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import tools.jackson.core.StreamReadConstraints;

/**
 * The settings of a server.
 *
 * @param maxMessageSize the longest accepted line in bytes
 * @param maxConnections the most connections served at once
 * @param maxRequestsInFlight the most requests of one connection being handled before its
 * input is no longer read
 * @param maxQueuedBytes the most bytes queued for a connection that does not read before
 * it is closed
 * @param allowedUids the peer user ids served
 * @param allowedGids the peer group ids served in addition
 * @param socketPermissions the permissions of the socket file
 * @param readConstraints the limits on nesting depth and token sizes of received JSON
 * @author udsrpc authors
 */
record ServerOptions(int maxMessageSize, int maxConnections, int maxRequestsInFlight, long maxQueuedBytes,
		Set<Long> allowedUids, Set<Long> allowedGids, Set<PosixFilePermission> socketPermissions,
		StreamReadConstraints readConstraints) {

}
