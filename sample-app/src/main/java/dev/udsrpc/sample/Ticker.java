package dev.udsrpc.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import dev.udsrpc.server.UdsRpcServer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Pushes a {@code Tick} event with the current Unix time to every client, as the Go
 * library's README does.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@Component
public class Ticker implements InitializingBean, DisposableBean {

	private final UdsRpcServer server;

	private final TaskScheduler scheduler;

	private final Duration interval;

	private @Nullable ScheduledFuture<?> task;

	Ticker(UdsRpcServer server, TaskScheduler scheduler, MydProperties properties) {
		this.server = server;
		this.scheduler = scheduler;
		this.interval = properties.tickInterval();
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.interval.isZero() && !this.interval.isNegative()) {
			this.task = this.scheduler.scheduleAtFixedRate(this::tick, Instant.now().plus(this.interval),
					this.interval);
		}
	}

	void tick() {
		this.server.broadcast("Tick", Map.of("unix", Instant.now().getEpochSecond()));
	}

	@Override
	public void destroy() {
		ScheduledFuture<?> current = this.task;
		if (current != null) {
			current.cancel(false);
		}
	}

}
