/**
 * Service discovery: the {@code rpc.discover} method and the OpenRPC document it returns,
 * generated from the handler signatures.
 */
@NullMarked
package dev.udsrpc.discovery;

import org.jspecify.annotations.NullMarked;
