package dev.udsrpc.sample;

import dev.udsrpc.context.UdsRpcApplication;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * {@code myd}: a small daemon built with the udsrpc starter.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(MydProperties.class)
public class MydApplication {

	public static void main(String[] args) {
		UdsRpcApplication.run(MydApplication.class, args);
	}

}
