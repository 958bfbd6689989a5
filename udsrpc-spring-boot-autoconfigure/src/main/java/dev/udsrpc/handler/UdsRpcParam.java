package dev.udsrpc.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to the named member of a params object (or, for params sent
 * as an array, to the element at the parameter's position).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UdsRpcParam {

	/**
	 * The member name; defaults to the parameter name when compiled with
	 * {@code -parameters}.
	 * @return the member name
	 */
	String value() default "";

	/**
	 * Whether a missing or {@code null} member is an error ({@code -32602}); when not
	 * required, it binds {@code null} (or an empty {@code Optional}). A primitive
	 * parameter is always required.
	 * @return whether the member is required
	 */
	boolean required() default true;

}
