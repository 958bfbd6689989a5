package dev.udsrpc.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @SpringBootTest} class: the daemon under test gets a runtime directory of
 * its own in a new temporary directory (removed when the context closes), and a
 * {@link dev.udsrpc.client.UdsRpcClient} connected to its socket can be injected, so a
 * handler is tested through the real socket in one line:
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureUdsRpcClient
 * class PingTests {
 *
 *     &#64;Autowired
 *     UdsRpcClient client;
 *
 *     &#64;Test
 *     void pongs() {
 *         assertThat(this.client.call("Ping", null, Map.class)).containsEntry("pong", true);
 *     }
 *
 * }
 * </pre>
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureUdsRpcClient {

}
