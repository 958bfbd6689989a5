/**
 * A plain Spring Boot application, the start-up time baseline.
 */
@NullMarked
package dev.udsrpc.benchmarks.plain;

import org.jspecify.annotations.NullMarked;
