/**
 * Spring-free daemon API: where a daemon keeps its files, the notifications to systemd
 * and the exceptions its start and its commands fail with.
 */
@NullMarked
package dev.udsrpc.daemon;

import org.jspecify.annotations.NullMarked;
