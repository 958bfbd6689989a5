/**
 * What the tests of this repository share: a client of raw lines, peers of other users, a
 * checker of strict JSON lines and threads for blocking test I/O. Not published.
 */
@NullMarked
package dev.udsrpc.test;

import org.jspecify.annotations.NullMarked;
