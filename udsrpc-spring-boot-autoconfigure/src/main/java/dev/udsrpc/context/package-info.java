/**
 * Spring integration: handler discovery, server lifecycle, application events and the
 * command line.
 */
@NullMarked
package dev.udsrpc.context;

import org.jspecify.annotations.NullMarked;
