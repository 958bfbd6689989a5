package dev.udsrpc.context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.udsrpc.daemon.SystemdNotifier;
import dev.udsrpc.server.UdsRpcServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

/**
 * Runs reloads: publishes a {@link UdsRpcReloadEvent} on a dedicated thread and, when
 * every listener returned normally, broadcasts {@value #CONFIG_RELOADED_EVENT} to the
 * clients. A reload asked for while one runs is coalesced: at most one more runs after
 * it, for all the requests that came meanwhile. SIGHUP and the {@code reload} command
 * both end up here.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcReloadTrigger implements DisposableBean {

	/**
	 * The event broadcast to every client after a successful reload.
	 */
	public static final String CONFIG_RELOADED_EVENT = "ConfigReloaded";

	private static final Log logger = LogFactory.getLog(UdsRpcReloadTrigger.class);

	private final ApplicationEventPublisher publisher;

	private final UdsRpcServer server;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "udsrpc-reload");
		thread.setDaemon(true);
		return thread;
	});

	private final Object monitor = new Object();

	private boolean running;

	private @Nullable Pending pending;

	private volatile @Nullable SystemdNotifier notifier;

	/**
	 * Create a new trigger.
	 * @param publisher publishes the reload event
	 * @param server the server to broadcast {@value #CONFIG_RELOADED_EVENT} on
	 */
	public UdsRpcReloadTrigger(ApplicationEventPublisher publisher, UdsRpcServer server) {
		Assert.notNull(publisher, "'publisher' must not be null");
		Assert.notNull(server, "'server' must not be null");
		this.publisher = publisher;
		this.server = server;
	}

	/**
	 * Tell the service manager when a reload starts ({@code RELOADING=1}) and ends
	 * ({@code READY=1}).
	 * @param notifier the notifier or {@code null}
	 */
	public void setNotifier(@Nullable SystemdNotifier notifier) {
		this.notifier = notifier;
	}

	/**
	 * Ask for a reload.
	 * @param cause what asks for it, such as {@code "SIGHUP"}
	 * @return completes when the reload that covers this request finished: normally after
	 * {@value #CONFIG_RELOADED_EVENT} was broadcast, exceptionally with the failure of a
	 * listener
	 */
	public CompletableFuture<Void> reload(String cause) {
		CompletableFuture<Void> result = new CompletableFuture<>();
		synchronized (this.monitor) {
			if (this.running) {
				if (this.pending == null) {
					this.pending = new Pending(cause);
				}
				this.pending.futures.add(result);
				return result;
			}
			this.running = true;
		}
		Pending first = new Pending(cause);
		first.futures.add(result);
		try {
			this.executor.execute(() -> runAll(first));
		}
		catch (RuntimeException ex) {
			synchronized (this.monitor) {
				this.running = false;
			}
			result.completeExceptionally(ex);
		}
		return result;
	}

	private void runAll(Pending first) {
		Pending current = first;
		while (current != null) {
			run(current);
			synchronized (this.monitor) {
				current = this.pending;
				this.pending = null;
				if (current == null) {
					this.running = false;
				}
			}
		}
	}

	private void run(Pending reload) {
		logger.info("Reloading (" + reload.cause + ")");
		SystemdNotifier notifier = this.notifier;
		if (notifier != null) {
			notifier.reloading();
		}
		try {
			this.publisher.publishEvent(new UdsRpcReloadEvent(this, reload.cause));
		}
		catch (Throwable ex) {
			logger.error("Reload (" + reload.cause + ") failed, " + CONFIG_RELOADED_EVENT + " not sent", ex);
			if (notifier != null) {
				notifier.ready("Reload failed: " + ex.getMessage());
			}
			reload.futures.forEach((future) -> future.completeExceptionally(ex));
			return;
		}
		if (notifier != null) {
			notifier.ready("Reloaded");
		}
		try {
			this.server.broadcast(CONFIG_RELOADED_EVENT, null);
		}
		finally {
			reload.futures.forEach((future) -> future.complete(null));
		}
		logger.info("Reloaded (" + reload.cause + ")");
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	private static final class Pending {

		final String cause;

		final List<CompletableFuture<Void>> futures = new ArrayList<>();

		Pending(String cause) {
			this.cause = cause;
		}

	}

}
