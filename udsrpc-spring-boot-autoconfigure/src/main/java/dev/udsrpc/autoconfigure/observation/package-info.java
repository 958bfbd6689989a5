/**
 * Micrometer observations and metrics of the udsrpc server.
 */
@NullMarked
package dev.udsrpc.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
