/**
 * Test support: a connected client and a private runtime directory for
 * {@code @SpringBootTest} tests of udsrpc daemons.
 */
@NullMarked
package dev.udsrpc.autoconfigure.test;

import org.jspecify.annotations.NullMarked;
