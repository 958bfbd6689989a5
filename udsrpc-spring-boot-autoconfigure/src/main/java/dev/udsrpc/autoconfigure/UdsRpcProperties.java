package dev.udsrpc.autoconfigure;

import java.nio.file.Path;

import dev.udsrpc.context.DaemonProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for udsrpc. They check their own ranges when bound, so a value
 * out of range fails the start with a failure analysis naming the property.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@ConfigurationProperties("udsrpc")
public class UdsRpcProperties implements Validator {

	/**
	 * Name of the daemon, used for the runtime directory, the socket and the PID file.
	 * Defaults to spring.application.name.
	 */
	private @Nullable String appName;

	/**
	 * Directory holding the socket and the PID file. Defaults to
	 * $XDG_RUNTIME_DIR/<app-name>, else <java.io.tmpdir>/<app-name>-<uid>. Created with
	 * mode 0700; an existing one must be owned by the user and not writable by group or
	 * others.
	 */
	private @Nullable Path runtimeDir;

	/**
	 * Server properties.
	 */
	@NestedConfigurationProperty
	private final UdsRpcServerProperties server = new UdsRpcServerProperties();

	/**
	 * Daemon properties, shared with the command line.
	 */
	@NestedConfigurationProperty
	private final DaemonProperties daemon = new DaemonProperties();

	public @Nullable String getAppName() {
		return this.appName;
	}

	public void setAppName(@Nullable String appName) {
		this.appName = appName;
	}

	public @Nullable Path getRuntimeDir() {
		return this.runtimeDir;
	}

	public void setRuntimeDir(@Nullable Path runtimeDir) {
		this.runtimeDir = runtimeDir;
	}

	public UdsRpcServerProperties getServer() {
		return this.server;
	}

	public DaemonProperties getDaemon() {
		return this.daemon;
	}

	@Override
	public boolean supports(Class<?> type) {
		return UdsRpcProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		UdsRpcPropertiesValidator.validate((UdsRpcProperties) target, errors);
	}

}
