package dev.udsrpc.context;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.daemon.DaemonFileException;
import dev.udsrpc.daemon.DaemonLocation;
import dev.udsrpc.daemon.internal.PidFileLock;
import dev.udsrpc.daemon.internal.RuntimeDirectory;
import dev.udsrpc.daemon.internal.SignalHandlers;
import dev.udsrpc.daemon.internal.SocketFiles;
import dev.udsrpc.daemon.SystemdNotifier;
import dev.udsrpc.server.UdsRpcServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Runs the {@link UdsRpcServer} as a daemon for the life of the application context: on
 * start, creates the runtime directory, takes the single-instance lock, removes a stale
 * socket and binds; on stop, shuts the server down gracefully and releases the lock.
 * Starts after every other lifecycle bean and stops before them.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcServerLifecycle implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: the last to start, the first to stop.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

	private static final Log logger = LogFactory.getLog(UdsRpcServerLifecycle.class);

	private final UdsRpcServer server;

	private final DaemonLocation location;

	private final Duration shutdownGrace;

	private final boolean autoStartup;

	private volatile @Nullable UdsRpcReloadTrigger reloadTrigger;

	private volatile SignalHandlers.@Nullable Registration hangup;

	private volatile @Nullable ApplicationEventPublisher signalPublisher;

	private volatile @Nullable SystemdNotifier notifier;

	private volatile @Nullable ScheduledExecutorService watchdog;

	private final List<SignalHandlers.Registration> userSignals = new ArrayList<>();

	private volatile @Nullable PidFileLock lock;

	private volatile boolean running;

	/**
	 * Create a new lifecycle.
	 * @param server the server
	 * @param location where the daemon keeps its files
	 * @param shutdownGrace how long requests in flight may run on after shutdown began
	 * @param autoStartup whether to start with the application context
	 */
	public UdsRpcServerLifecycle(UdsRpcServer server, DaemonLocation location, Duration shutdownGrace,
			boolean autoStartup) {
		Assert.notNull(server, "'server' must not be null");
		Assert.notNull(location, "'location' must not be null");
		Assert.isTrue(server.socketPath().equals(location.socketPath()),
				"'server' must be bound to the socket of 'location'");
		this.server = server;
		this.location = location;
		this.shutdownGrace = shutdownGrace;
		this.autoStartup = autoStartup;
	}

	/**
	 * Reload on {@code SIGHUP} with the given trigger, from the next start on. Without a
	 * trigger the JVM's own reaction to {@code SIGHUP} (exit) is left in place.
	 * @param reloadTrigger the trigger or {@code null}
	 */
	public void setReloadTrigger(@Nullable UdsRpcReloadTrigger reloadTrigger) {
		this.reloadTrigger = reloadTrigger;
	}

	/**
	 * Publish a {@link UdsRpcSignalEvent} on {@code SIGUSR1} and {@code SIGUSR2}, from
	 * the next start on.
	 * @param publisher the publisher or {@code null} to leave those signals alone
	 */
	public void setSignalPublisher(@Nullable ApplicationEventPublisher publisher) {
		this.signalPublisher = publisher;
	}

	/**
	 * Tell the service manager about startup, reloads, shutdown and liveness, from the
	 * next start on.
	 * @param notifier the notifier or {@code null}
	 */
	public void setNotifier(@Nullable SystemdNotifier notifier) {
		this.notifier = notifier;
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		RuntimeDirectory.ensure(this.location.runtimeDir());
		boolean inherited = this.server.isSocketInherited();
		if (!inherited) {
			SocketFiles.checkPathLength(this.location.socketPath());
		}
		PidFileLock lock = PidFileLock.acquire(this.location.pidFile(), this.location.appName());
		try {
			installHangupHandler();
			startServer(inherited);
		}
		catch (RuntimeException ex) {
			removeHangupHandler();
			lock.close();
			throw ex;
		}
		this.lock = lock;
		this.running = true;
		SystemdNotifier notifier = this.notifier;
		if (notifier != null) {
			notifier.ready("Serving on " + this.location.socketPath() + (inherited ? " (socket activation)" : ""));
			notifier.watchdogInterval().ifPresent((interval) -> startWatchdog(notifier, interval));
		}
		logger.info("udsrpc daemon '" + this.location.appName() + "' serving on " + this.location.socketPath()
				+ (inherited ? " (socket activation)" : "") + " (PID " + lock.pid() + ")");
	}

	private void startServer(boolean inherited) {
		if (inherited) {
			this.server.start();
			return;
		}
		try {
			SocketFiles.removeStaleSocket(this.location.socketPath());
			this.server.start();
		}
		catch (UncheckedIOException ex) {
			throw new DaemonFileException(DaemonFileException.Kind.SOCKET, this.location.socketPath(), ex.getCause());
		}
	}

	@Override
	public void stop() {
		shutdown();
	}

	@Override
	public void stop(Runnable callback) {
		if (!this.running) {
			callback.run();
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				shutdown();
			}
			finally {
				callback.run();
			}
		}, "udsrpc-shutdown");
		thread.setDaemon(true);
		thread.start();
	}

	private synchronized void shutdown() {
		if (!this.running) {
			return;
		}
		SystemdNotifier notifier = this.notifier;
		if (notifier != null) {
			notifier.stopping();
		}
		ScheduledExecutorService watchdog = this.watchdog;
		if (watchdog != null) {
			watchdog.shutdownNow();
			this.watchdog = null;
		}
		try {
			this.server.shutdown(this.shutdownGrace);
		}
		finally {
			removeHangupHandler();
			PidFileLock lock = this.lock;
			if (lock != null) {
				lock.close();
				this.lock = null;
			}
			this.running = false;
			logger.info("udsrpc daemon '" + this.location.appName() + "' stopped");
		}
	}

	private void startWatchdog(SystemdNotifier notifier, Duration interval) {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "udsrpc-watchdog");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, interval.toMillis());
		executor.scheduleAtFixedRate(() -> {
			// only a daemon that still serves is alive
			if (this.server.isRunning()) {
				notifier.watchdog();
			}
		}, 0, period, TimeUnit.MILLISECONDS);
		this.watchdog = executor;
	}

	private void installHangupHandler() {
		ApplicationEventPublisher publisher = this.signalPublisher;
		if (publisher != null && this.userSignals.isEmpty()) {
			// not USR2: HotSpot uses it to suspend threads (JFR sampling among others)
			for (String signal : List.of("USR1")) {
				this.userSignals.add(SignalHandlers.handle(signal, () -> {
					// listeners must not run on the JVM's signal dispatcher thread
					Thread thread = new Thread(() -> publisher.publishEvent(new UdsRpcSignalEvent(this, signal)),
							"udsrpc-signal-" + signal);
					thread.setDaemon(true);
					thread.start();
				}));
			}
		}
		UdsRpcReloadTrigger trigger = this.reloadTrigger;
		if (trigger != null && this.hangup == null) {
			// installed before binding: the JVM's default reaction to SIGHUP is to exit
			this.hangup = SignalHandlers.handle("HUP", () -> trigger.reload("SIGHUP"));
		}
	}

	private void removeHangupHandler() {
		this.userSignals.forEach(SignalHandlers.Registration::close);
		this.userSignals.clear();
		SignalHandlers.Registration registration = this.hangup;
		if (registration != null) {
			registration.close();
			this.hangup = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return where the daemon keeps its files.
	 * @return the location
	 */
	public DaemonLocation getLocation() {
		return this.location;
	}

	/**
	 * Return whether this process holds the single-instance lock of the PID file.
	 * @return {@code true} from a successful start until stop
	 */
	public boolean isPidLockHeld() {
		PidFileLock lock = this.lock;
		return lock != null && lock.isHeld();
	}

	/**
	 * Return the server.
	 * @return the server
	 */
	public UdsRpcServer getServer() {
		return this.server;
	}

}
