package dev.udsrpc.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.handler.UdsRpcParam;
import dev.udsrpc.protocol.UdsRpcException;

/**
 * Handlers for the Go README and JSON-RPC 2.0 specification examples.
 */
public class TestHandlers {

	public final CountDownLatch release = new CountDownLatch(1);

	public final AtomicInteger slowStarted = new AtomicInteger();

	public final AtomicInteger pings = new AtomicInteger();

	final CountDownLatch notified = new CountDownLatch(1);

	@UdsRpcHandler("Ping")
	public Map<String, Boolean> ping() {
		this.pings.incrementAndGet();
		return Map.of("pong", true);
	}

	@UdsRpcHandler("Echo")
	public String echo(String msg) {
		return msg;
	}

	@UdsRpcHandler("Whoami")
	public Map<String, Object> whoami(UdsRpcConnection connection, PeerCredentials peer) {
		return Map.of("id", connection.id(), "pid", peer.pid(), "uid", peer.uid());
	}

	@UdsRpcHandler("Subscribe")
	public void subscribe(UdsRpcConnection connection, String topic) {
		connection.attributes().put("topic", topic);
		connection.sendEvent("Subscribed", Map.of("topic", topic));
	}

	@UdsRpcHandler("Slow")
	public String slow() throws InterruptedException {
		this.slowStarted.incrementAndGet();
		if (!this.release.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("not released");
		}
		return "slow";
	}

	@UdsRpcHandler("Async")
	public CompletionStage<String> async(String text) {
		return CompletableFuture.supplyAsync(() -> text.toUpperCase());
	}

	@UdsRpcHandler("Fail")
	public String fail() {
		throw new IllegalStateException("boom");
	}

	@UdsRpcHandler("Deny")
	public String deny() {
		throw new UdsRpcException(-32010, "denied", Map.of("reason", "test"));
	}

	@UdsRpcHandler("Nothing")
	public void nothing() {
	}

	@UdsRpcHandler
	public int subtract(int minuend, int subtrahend) {
		return minuend - subtrahend;
	}

	@UdsRpcHandler
	public int sum(List<Integer> values) {
		return values.stream().mapToInt(Integer::intValue).sum();
	}

	@UdsRpcHandler
	public void update(List<Integer> values) {
	}

	@UdsRpcHandler("notify_hello")
	public void notifyHello(List<Integer> values) {
		this.notified.countDown();
	}

	@UdsRpcHandler("notify_sum")
	public void notifySum(List<Integer> values) {
	}

	@UdsRpcHandler("get_data")
	public List<Object> getData() {
		return List.of("hello", 5);
	}

	@UdsRpcHandler("Greet")
	public String greet(@UdsRpcParam("name") String name,
			@UdsRpcParam(value = "greeting", required = false) String greeting) {
		return ((greeting != null) ? greeting : "Hello") + ", " + name;
	}

}
