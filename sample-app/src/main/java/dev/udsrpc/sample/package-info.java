/**
 * The {@code myd} sample daemon.
 */
@NullMarked
package dev.udsrpc.sample;

import org.jspecify.annotations.NullMarked;
