/**
 * JMH microbenchmarks of the codec and the handler invoker.
 */
package dev.udsrpc.benchmarks.jmh;
