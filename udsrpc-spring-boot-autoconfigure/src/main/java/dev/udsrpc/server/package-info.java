/**
 * The udsrpc server: a Unix domain socket endpoint that dispatches requests to handlers
 * and pushes events.
 */
@NullMarked
package dev.udsrpc.server;

import org.jspecify.annotations.NullMarked;
