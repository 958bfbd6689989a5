package dev.udsrpc.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of {@code myd}.
 *
 * @param greeting the greeting {@code Hello} answers with
 * @param tickInterval how often a {@code Tick} event is pushed to every client; zero
 * turns it off
 * @param maxKeys the most keys the store holds
 * @param greetingFile a file whose first line replaces the greeting, read at start and on
 * every reload (SIGHUP); {@code null} to use {@code greeting}
 * @author udsrpc authors
 * @since 0.1.0
 */
@ConfigurationProperties("myd")
public record MydProperties(String greeting, Duration tickInterval, int maxKeys, @Nullable Path greetingFile) {

}
