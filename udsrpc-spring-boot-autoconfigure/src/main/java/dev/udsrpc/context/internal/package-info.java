/**
 * Spring glue that the auto-configuration names but users do not: the handler method
 * processor, its AOT contributions, the control handlers and the daemon settings the
 * commands and the daemon share. Not API: may change in any release.
 */
@NullMarked
package dev.udsrpc.context.internal;

import org.jspecify.annotations.NullMarked;
