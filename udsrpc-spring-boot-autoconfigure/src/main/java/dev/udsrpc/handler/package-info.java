/**
 * Mapping of RPC methods to Java methods: registry, argument binding and invocation.
 */
@NullMarked
package dev.udsrpc.handler;

import org.jspecify.annotations.NullMarked;
