/**
 * Internals of the server that other packages or the service loader reach. Not API: may
 * change in any release.
 */
@NullMarked
package dev.udsrpc.server.internal;

import org.jspecify.annotations.NullMarked;
