package dev.udsrpc.autoconfigure.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * and {@value #EVENTS} (tag {@code type}, one count per recipient). Every tag is bounded:
 * reasons are a fixed set, and event types beyond the first {@value #MAX_EVENT_TYPES} are
 * counted as {@code _OTHER}, since a handler may send events of types its clients choose.
 *
 * @author udsrpc authors
 */
final class ServerMetricsListener implements UdsRpcConnectionListener {

	static final String CONNECTIONS = "udsrpc.server.connections";

	static final String REFUSED = "udsrpc.server.connections.refused";

	static final String EVENTS = "udsrpc.server.events.sent";

	static final int MAX_EVENT_TYPES = 100;

	private static final String OTHER_TYPE = "_OTHER";

	private final MeterRegistry registry;

	private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	ServerMetricsListener(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder(CONNECTIONS, this.open, AtomicInteger::get)
			.description("Connections the udsrpc server has open")
			.baseUnit("connections")
			.strongReference(true)
			.register(registry);
		for (String reason : new String[] { "credentials", "not-allowed", "limit", "uid-limit" }) {
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
		Counter counter = this.eventCounters.get(type);
		if (counter == null) {
			String tag = (this.eventCounters.size() < MAX_EVENT_TYPES) ? type : OTHER_TYPE;
			counter = this.eventCounters.computeIfAbsent(tag, this::eventCounter);
		}
		counter.increment(recipients);
	}

	private Counter eventCounter(String type) {
		return Counter.builder(EVENTS)
			.description("Events the udsrpc server queued for its clients, one per recipient")
			.baseUnit("events")
			.tag("type", type)
			.register(this.registry);
	}

	private Counter refused(String reason) {
		return Counter.builder(REFUSED)
			.description("Connections the udsrpc server refused as it accepted them")
			.baseUnit("connections")
			.tag("reason", reason)
			.register(this.registry);
	}

}
