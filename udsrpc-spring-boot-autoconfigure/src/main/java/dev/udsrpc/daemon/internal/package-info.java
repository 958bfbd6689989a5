/**
 * Spring-free daemon primitives: the per-user runtime directory, the single-instance PID
 * file lock, the handling of socket files and signals, and the command line and
 * environment of a started daemon. Not API: may change in any release.
 */
@NullMarked
package dev.udsrpc.daemon.internal;

import org.jspecify.annotations.NullMarked;
