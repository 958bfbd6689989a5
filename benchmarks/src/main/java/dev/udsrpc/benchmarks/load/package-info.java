/**
 * The load generator: connections with requests in flight, checked responses, latency
 * histograms.
 */
@NullMarked
package dev.udsrpc.benchmarks.load;

import org.jspecify.annotations.NullMarked;
