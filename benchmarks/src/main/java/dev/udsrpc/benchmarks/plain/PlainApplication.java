package dev.udsrpc.benchmarks.plain;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A plain Spring Boot application without the udsrpc starter: the start-up time baseline.
 * It is packaged in a jar of its own, whose class path holds Spring Boot's starter only.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@SpringBootApplication
public class PlainApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainApplication.class, args);
	}

}
