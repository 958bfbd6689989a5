/**
 * The udsrpc wire protocol: newline-delimited JSON messages of the Go udsrpc and JSON-RPC
 * 2.0 dialects.
 */
@NullMarked
package dev.udsrpc.protocol;

import org.jspecify.annotations.NullMarked;
