/**
 * Bean Validation of handler parameters.
 */
@NullMarked
package dev.udsrpc.autoconfigure.validation;

import org.jspecify.annotations.NullMarked;
