/**
 * Internals of the wire protocol: line framing and the decoders and encoders of messages,
 * shared by the server and the client. Not API: may change in any release.
 */
@NullMarked
package dev.udsrpc.protocol.internal;

import org.jspecify.annotations.NullMarked;
