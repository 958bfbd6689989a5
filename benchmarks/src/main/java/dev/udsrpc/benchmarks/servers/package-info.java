/**
 * Baseline servers, each run as a child JVM of its own.
 */
@NullMarked
package dev.udsrpc.benchmarks.servers;

import org.jspecify.annotations.NullMarked;
