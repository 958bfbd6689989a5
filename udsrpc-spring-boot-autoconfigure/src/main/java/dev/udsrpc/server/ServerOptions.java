package dev.udsrpc.server;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;

import tools.jackson.core.StreamReadConstraints;

/**
 * The settings of a server.
 *
 * @param maxMessageSize the longest accepted line in bytes
 * @param maxConnections the most connections served at once
 * @param maxConnectionsPerUid the most connections of one user served at once
 * @param backlog the length of the listen backlog
 * @param maxRequestsInFlight the most requests of one connection being handled before its
 * input is no longer read
 * @param maxQueuedBytes the most bytes queued for a connection that does not read before
 * it is closed
 * @param maxBufferedInput the most bytes of incomplete lines and lines waiting to be
 * dispatched that all connections together may hold
 * @param partialLineTimeout how long a connection may hold an incomplete line
 * @param allowedUids the peer user ids served
 * @param allowedGids the peer group ids served in addition
 * @param socketPermissions the permissions of the socket file
 * @param readConstraints the limits on nesting depth and token sizes of received JSON
 * @author udsrpc authors
 */
record ServerOptions(int maxMessageSize, int maxConnections, int maxConnectionsPerUid, int backlog,
		int maxRequestsInFlight, long maxQueuedBytes, long maxBufferedInput, Duration partialLineTimeout,
		Set<Long> allowedUids, Set<Long> allowedGids, Set<PosixFilePermission> socketPermissions,
		StreamReadConstraints readConstraints) {

}
