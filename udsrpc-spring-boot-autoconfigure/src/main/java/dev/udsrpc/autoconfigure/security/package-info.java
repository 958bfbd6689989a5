/**
 * Spring Security for handler methods, from the peer credentials of each connection.
 */
@NullMarked
package dev.udsrpc.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
