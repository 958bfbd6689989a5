package dev.udsrpc.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps an RPC method to the annotated public method of a bean. On an interface, it names
 * the RPC methods of a typed client proxy; a bean implementing the interface serves them.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UdsRpcHandler {

	/**
	 * The RPC method name; defaults to the name of the Java method.
	 * @return the method name
	 */
	String value() default "";

}
