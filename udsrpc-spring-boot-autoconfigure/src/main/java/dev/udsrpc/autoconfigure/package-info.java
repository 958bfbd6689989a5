/**
 * Auto-configuration for udsrpc.
 */
@NullMarked
package dev.udsrpc.autoconfigure;

import org.jspecify.annotations.NullMarked;
