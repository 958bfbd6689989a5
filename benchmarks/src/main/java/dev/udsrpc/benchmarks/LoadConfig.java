package dev.udsrpc.benchmarks;

import java.util.List;

/**
 * A load: connections, each keeping a number of requests in flight.
 *
 * @param connections the number of connections
 * @param inFlight the requests in flight per connection
 * @author udsrpc authors
 * @since 0.1.0
 */
record LoadConfig(int connections, int inFlight) {

	static final List<LoadConfig> DEFAULTS = List.of(new LoadConfig(1, 1), new LoadConfig(8, 1), new LoadConfig(1, 32),
			new LoadConfig(32, 8), new LoadConfig(256, 1));

	static LoadConfig parse(String text) {
		String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("[x×]");
		return new LoadConfig(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
	}

	@Override
	public String toString() {
		return this.connections + "×" + this.inFlight;
	}

}
