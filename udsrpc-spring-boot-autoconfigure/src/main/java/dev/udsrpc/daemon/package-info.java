/**
 * Spring-free daemon primitives: the per-user runtime directory, the single-instance PID
 * file lock and the handling of socket files.
 */
@NullMarked
package dev.udsrpc.daemon;

import org.jspecify.annotations.NullMarked;
