/**
 * The start-up floor: a Spring Boot application that answers {@code Ping} with Jackson
 * and junixsocket alone.
 */
@NullMarked
package dev.udsrpc.benchmarks.floor;

import org.jspecify.annotations.NullMarked;
