package dev.udsrpc.server;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.protocol.internal.MessageDecoder;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;

/**
 * What a {@link UdsRpcServer.Builder} was told, with the defaults, and the server's parts
 * it derives: its {@link ServerOptions} and how its handlers run.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ServerSettings {

	final HandlerRegistry registry;

	@Nullable Path socketPath;

	int maxMessageSize = 16 * 1024 * 1024;

	int maxConnections = 4096;

	int maxConnectionsPerUid = 1024;

	int backlog;

	int maxRequestsInFlight = 128;

	long maxBufferedInput;

	Duration partialLineTimeout = Duration.ofSeconds(30);

	IntConsumer fatalErrorExit = Runtime.getRuntime()::halt;

	long maxQueuedBytes = 16L * 1024 * 1024;

	Set<Long> allowedUids = defaultAllowedUids();

	Set<Long> allowedGids = Set.of();

	Set<PosixFilePermission> socketPermissions = PosixFilePermissions.fromString("rw-------");

	StreamReadConstraints readConstraints;

	int maxBatchSize = MessageDecoder.DEFAULT_MAX_BATCH_SIZE;

	@Nullable ExecutorService executor;

	boolean virtualThreads;

	int workerThreads = 200;

	boolean quickHandlersOnEventLoop;

	final List<UdsRpcConnectionListener> listeners = new ArrayList<>();

	UdsRpcCallObserver callObserver = UdsRpcCallObserver.NONE;

	int inheritedDescriptor = -1;

	ServerSettings(HandlerRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.readConstraints = registry.readConstraints();
	}

	/**
	 * Return the options of the server, defaults resolved.
	 * @return the options
	 */
	ServerOptions options() {
		long bufferedInput = (this.maxBufferedInput > 0) ? this.maxBufferedInput
				: InputLimits.defaultBudget(Runtime.getRuntime().maxMemory());
		int listenBacklog = (this.backlog > 0) ? this.backlog : SocketBacklog.systemDefault();
		return new ServerOptions(this.maxMessageSize, this.maxConnections, this.maxConnectionsPerUid, listenBacklog,
				this.maxRequestsInFlight, this.maxQueuedBytes, bufferedInput, this.partialLineTimeout,
				Set.copyOf(this.allowedUids), Set.copyOf(this.allowedGids), Set.copyOf(this.socketPermissions),
				this.readConstraints);
	}

	/**
	 * Choose how handlers run and when their replies are written: the one place that
	 * does.
	 * @param poolName the name of the built-in pool's threads
	 * @return the choice
	 */
	HandlerExecution execution(String poolName) {
		return HandlerExecution.choose(this.executor, this.virtualThreads, poolName, this.workerThreads,
				this.maxRequestsInFlight, this.quickHandlersOnEventLoop);
	}

	static int positive(int value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException("'" + name + "' must be positive");
		}
		return value;
	}

	static long positive(long value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException("'" + name + "' must be positive");
		}
		return value;
	}

	static int notNegative(int value, String name) {
		if (value < 0) {
			throw new IllegalArgumentException("'" + name + "' must not be negative");
		}
		return value;
	}

	static Duration positive(Duration value, String name) {
		Objects.requireNonNull(value, "'" + name + "' must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive");
		}
		return value;
	}

	private static Set<Long> defaultAllowedUids() {
		Set<Long> uids = new LinkedHashSet<>();
		uids.add(new com.sun.security.auth.module.UnixSystem().getUid());
		uids.add(0L);
		return uids;
	}

}
