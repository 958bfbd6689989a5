/**
 * Actuator support for udsrpc: health indicator, info contributor and endpoint.
 */
@NullMarked
package dev.udsrpc.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
