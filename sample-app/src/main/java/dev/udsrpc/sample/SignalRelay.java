package dev.udsrpc.sample;

import java.util.Map;

import dev.udsrpc.context.UdsRpcSignalEvent;
import dev.udsrpc.server.UdsRpcServer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells every client about {@code SIGUSR1} with a {@code Signal} event.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Component
public class SignalRelay {

	private final UdsRpcServer server;

	SignalRelay(UdsRpcServer server) {
		this.server = server;
	}

	@EventListener
	void onSignal(UdsRpcSignalEvent event) {
		this.server.broadcast("Signal", Map.of("signal", event.getSignal()));
	}

}
