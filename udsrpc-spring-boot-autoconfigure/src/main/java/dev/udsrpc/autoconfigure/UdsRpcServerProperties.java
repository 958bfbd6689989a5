package dev.udsrpc.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Properties of the server, {@code udsrpc.server.*}: its socket, the peers it serves and
 * every limit it puts on a client.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcServerProperties {

	/**
	 * Whether to serve RPC on a Unix domain socket.
	 */
	private boolean enabled = true;

	/**
	 * Whether to bind the socket when the application context starts.
	 */
	private boolean autoStartup = true;

	/**
	 * Path of the socket. Defaults to <runtime-dir>/<app-name>.sock.
	 */
	private @Nullable Path socketPath;

	/**
	 * Permissions of the socket file, symbolic ("rw-------") or octal ("600").
	 */
	private String socketPermissions = "rw-------";

	/**
	 * Longest accepted message (one line). A longer one is answered with a -32600 error
	 * and the connection is closed.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(16);

	/**
	 * Most connections served at once; further connections are closed when accepted, with
	 * a logged reason.
	 */
	private int maxConnections = 4096;

	/**
	 * Most connections of one user (peer uid) served at once; further connections of that
	 * user are closed when accepted.
	 */
	private int maxConnectionsPerUid = 1024;

	/**
	 * Length of the listen backlog: connections the kernel completes before the server
	 * accepts them. Defaults to the kernel's maximum (net.core.somaxconn, else 4096).
	 * Ignored for a socket passed by the service manager.
	 */
	private @Nullable Integer backlog;

	/**
	 * Most requests of one connection handled at once, each request of a batch counting
	 * as one; beyond it, the connection is not read until one of them completes. At most
	 * three quarters of worker-threads, so that one connection never occupies every
	 * worker.
	 */
	private int maxRequestsInFlight = 128;

	/**
	 * Most bytes of incomplete lines and of lines waiting to be dispatched that all
	 * connections together may hold; beyond it, the connections holding the most are
	 * closed with a -32001 error. Defaults to a quarter of the maximum heap.
	 */
	private @Nullable DataSize maxBufferedInput;

	/**
	 * How long a connection may hold an incomplete line, from its first byte; then it is
	 * answered with a -32600 error and closed.
	 */
	private Duration partialLineTimeout = Duration.ofSeconds(30);

	/**
	 * Most bytes of responses and events queued for a connection that does not read;
	 * beyond it the connection is closed.
	 */
	private DataSize maxQueuedBytes = DataSize.ofMegabytes(16);

	/**
	 * Most entries of a JSON-RPC 2.0 batch; a longer batch is answered with one -32600
	 * error.
	 */
	private int maxBatchSize = 1000;

	/**
	 * User ids of the peers served. Defaults to the user running the daemon and root.
	 */
	private List<Long> allowedUids = new ArrayList<>();

	/**
	 * Group ids whose peers are served too, whatever their user: the primary group of a
	 * peer or one of its supplementary groups.
	 */
	private List<Long> allowedGids = new ArrayList<>();

	/**
	 * Most threads running handlers at once (handlers that block hold one each).
	 */
	private int workerThreads = 200;

	/**
	 * Whether the event loop runs a handler itself once its last 64 calls each returned
	 * within 50 microseconds, until one takes more than 5 milliseconds (for good after
	 * one of more than 100 milliseconds). Faster for many connections with a call each at
	 * a time, slower for a single busy connection; a client that can make a handler block
	 * holds the others up once per handler.
	 */
	private boolean quickHandlersOnEventLoop;

	/**
	 * Whether to serve the listening socket passed by the service manager (LISTEN_FDS,
	 * LISTEN_PID) instead of binding one.
	 */
	private boolean socketActivation = true;

	public boolean isSocketActivation() {
		return this.socketActivation;
	}

	public void setSocketActivation(boolean socketActivation) {
		this.socketActivation = socketActivation;
	}

	/**
	 * Whether to serve the methods the command line uses (udsrpc.status, udsrpc.reload).
	 */
	private boolean controlMethods = true;

	public boolean isControlMethods() {
		return this.controlMethods;
	}

	public void setControlMethods(boolean controlMethods) {
		this.controlMethods = controlMethods;
	}

	/**
	 * Deepest nesting of arrays and objects accepted in a message.
	 */
	private int maxNestingDepth = 500;

	/**
	 * Longest string value accepted in a message, in characters.
	 */
	private int maxStringLength = 20_000_000;

	/**
	 * Longest number accepted in a message, in characters.
	 */
	private int maxNumberLength = 1000;

	private final Discovery discovery = new Discovery();

	public Discovery getDiscovery() {
		return this.discovery;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public @Nullable Path getSocketPath() {
		return this.socketPath;
	}

	public void setSocketPath(@Nullable Path socketPath) {
		this.socketPath = socketPath;
	}

	public String getSocketPermissions() {
		return this.socketPermissions;
	}

	public void setSocketPermissions(String socketPermissions) {
		this.socketPermissions = socketPermissions;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxConnectionsPerUid() {
		return this.maxConnectionsPerUid;
	}

	public void setMaxConnectionsPerUid(int maxConnectionsPerUid) {
		this.maxConnectionsPerUid = maxConnectionsPerUid;
	}

	public @Nullable Integer getBacklog() {
		return this.backlog;
	}

	public void setBacklog(@Nullable Integer backlog) {
		this.backlog = backlog;
	}

	public @Nullable DataSize getMaxBufferedInput() {
		return this.maxBufferedInput;
	}

	public void setMaxBufferedInput(@Nullable DataSize maxBufferedInput) {
		this.maxBufferedInput = maxBufferedInput;
	}

	public Duration getPartialLineTimeout() {
		return this.partialLineTimeout;
	}

	public void setPartialLineTimeout(Duration partialLineTimeout) {
		this.partialLineTimeout = partialLineTimeout;
	}

	public int getMaxRequestsInFlight() {
		return this.maxRequestsInFlight;
	}

	public void setMaxRequestsInFlight(int maxRequestsInFlight) {
		this.maxRequestsInFlight = maxRequestsInFlight;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public DataSize getMaxQueuedBytes() {
		return this.maxQueuedBytes;
	}

	public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
		this.maxQueuedBytes = maxQueuedBytes;
	}

	public List<Long> getAllowedUids() {
		return this.allowedUids;
	}

	public void setAllowedUids(List<Long> allowedUids) {
		this.allowedUids = allowedUids;
	}

	public List<Long> getAllowedGids() {
		return this.allowedGids;
	}

	public void setAllowedGids(List<Long> allowedGids) {
		this.allowedGids = allowedGids;
	}

	public int getWorkerThreads() {
		return this.workerThreads;
	}

	public void setWorkerThreads(int workerThreads) {
		this.workerThreads = workerThreads;
	}

	public boolean isQuickHandlersOnEventLoop() {
		return this.quickHandlersOnEventLoop;
	}

	public void setQuickHandlersOnEventLoop(boolean quickHandlersOnEventLoop) {
		this.quickHandlersOnEventLoop = quickHandlersOnEventLoop;
	}

	public int getMaxNestingDepth() {
		return this.maxNestingDepth;
	}

	public void setMaxNestingDepth(int maxNestingDepth) {
		this.maxNestingDepth = maxNestingDepth;
	}

	public int getMaxStringLength() {
		return this.maxStringLength;
	}

	public void setMaxStringLength(int maxStringLength) {
		this.maxStringLength = maxStringLength;
	}

	public int getMaxNumberLength() {
		return this.maxNumberLength;
	}

	public void setMaxNumberLength(int maxNumberLength) {
		this.maxNumberLength = maxNumberLength;
	}

	/**
	 * Service discovery properties.
	 */
	public static class Discovery {

		/**
		 * Whether to serve rpc.discover, which returns an OpenRPC document of the RPC
		 * methods. Needs the victools JSON Schema generator on the class path.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
