/**
 * Benchmarks of the udsrpc server against a raw socket and a minimal inline server.
 */
@NullMarked
package dev.udsrpc.benchmarks;

import org.jspecify.annotations.NullMarked;
