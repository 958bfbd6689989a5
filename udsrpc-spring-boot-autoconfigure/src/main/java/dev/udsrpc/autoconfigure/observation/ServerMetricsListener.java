package dev.udsrpc.autoconfigure.observation;

import java.util.concurrent.atomic.AtomicInteger;

import dev.udsrpc.server.PeerCredentials;
import dev.udsrpc.server.UdsRpcConnection;
import dev.udsrpc.server.UdsRpcConnectionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Records the connections of a udsrpc server and the events it sends as Micrometer
 * meters: gauge {@value #CONNECTIONS}, counters {@value #REFUSED} (tag {@code reason})
 * and {@value #EVENTS} (tag {@code type}, one count per recipient).
 *
 * @author udsrpc authors
 */
final class ServerMetricsListener implements UdsRpcConnectionListener {

	static final String CONNECTIONS = "udsrpc.server.connections";

	static final String REFUSED = "udsrpc.server.connections.refused";

	static final String EVENTS = "udsrpc.server.events.sent";

	private final MeterRegistry registry;

	private final AtomicInteger open = new AtomicInteger();

	ServerMetricsListener(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder(CONNECTIONS, this.open, AtomicInteger::get)
			.description("Connections the udsrpc server has open")
			.baseUnit("connections")
			.strongReference(true)
			.register(registry);
		for (String reason : new String[] { "credentials", "not-allowed", "limit" }) {
			refused(reason);
		}
	}

	@Override
	public void connectionOpened(UdsRpcConnection connection) {
		this.open.incrementAndGet();
	}

	@Override
	public void connectionClosed(UdsRpcConnection connection) {
		this.open.decrementAndGet();
	}

	@Override
	public void connectionRefused(@Nullable PeerCredentials peer, String reason) {
		refused(reason).increment();
	}

	@Override
	public void eventSent(String type, int recipients) {
		Counter.builder(EVENTS)
			.description("Events the udsrpc server queued for its clients, one per recipient")
			.baseUnit("events")
			.tag("type", type)
			.register(this.registry)
			.increment(recipients);
	}

	private Counter refused(String reason) {
		return Counter.builder(REFUSED)
			.description("Connections the udsrpc server refused as it accepted them")
			.baseUnit("connections")
			.tag("reason", reason)
			.register(this.registry);
	}

}
