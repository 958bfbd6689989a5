/**
 * A client for udsrpc daemons and Go udsrpc servers: calls, events and typed proxies.
 */
@NullMarked
package dev.udsrpc.client;

import org.jspecify.annotations.NullMarked;
