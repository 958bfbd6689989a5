/**
 * Test support: a connected client and a private runtime directory for
 * {@code @SpringBootTest} tests of udsrpc daemons.
 */
@NullMarked
package dev.udsrpc.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
