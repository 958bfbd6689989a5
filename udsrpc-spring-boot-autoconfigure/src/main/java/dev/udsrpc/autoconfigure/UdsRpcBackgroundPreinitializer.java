package dev.udsrpc.autoconfigure;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.udsrpc.server.UdsRpcServer;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Loads the classes of Jackson's request path and junixsocket's native library on a
 * background thread as soon as the application starts, so that their cost (a few tenths
 * of a second on two cores) overlaps with the creation of the application context instead
 * of delaying the socket, as Spring Boot's own {@code BackgroundPreinitializer} does for
 * other libraries. Turned off with
 * {@code -Dudsrpc.background-preinitializer.ignore=true}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
class UdsRpcBackgroundPreinitializer implements ApplicationListener<ApplicationStartingEvent> {

	private static final AtomicBoolean started = new AtomicBoolean();

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		if (Boolean.getBoolean("udsrpc.background-preinitializer.ignore") || !started.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(UdsRpcServer::preload, "udsrpc-preinitializer");
		thread.setDaemon(true);
		thread.start();
	}

}
