package dev.udsrpc.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udsrpc.protocol.UdsRpcException;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessageDispatcher}, fed lines as the reader would.
 */
class MessageDispatcherTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final PendingCalls pending = new PendingCalls(Duration.ofMinutes(2));

	private final EventListeners listeners = new EventListeners();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final MessageDispatcher dispatcher = new MessageDispatcher(Path.of("t.sock"), this.mapper, this.pending,
			this.listeners);

	@Test
	void completesTheCallOfAResponseWithItsResultConverted() {
		PendingCalls.Call call = start("Map", new TypeReference<Map<String, List<Integer>>>() {
		});
		receive("{\"id\":1,\"result\":{\"a\":[1,2]}}");
		assertThat(call.future()).isCompletedWithValue(Map.of("a", List.of(1, 2)));
	}

	@Test
	void completesTheCallOfAResponseWithNullOrNoResultWithNull() {
		PendingCalls.Call withNull = start("A", String.class);
		PendingCalls.Call without = start("B", String.class);
		receive("{\"id\":1,\"result\":null}");
		receive("{\"id\":2}");
		assertThat(withNull.future()).isCompletedWithValue(null);
		assertThat(without.future()).isCompletedWithValue(null);
	}

	@Test
	void failsTheCallOfAnErrorWithItsCodeMessageAndDataAsATree() {
		PendingCalls.Call call = start("Deny", String.class);
		receive("{\"id\":1,\"error\":{\"code\":-32010,\"message\":\"denied\",\"data\":{\"reason\":\"test\"}}}");
		UdsRpcException ex = failure(call, UdsRpcException.class);
		assertThat(ex.code()).isEqualTo(-32010);
		assertThat(ex.getMessage()).isEqualTo("denied");
		assertThat(ex.data()).isInstanceOf(JsonNode.class).hasToString("{\"reason\":\"test\"}");
	}

	@Test
	void keepsErrorDataThatTheMapperRefusesAsItsText() {
		JsonMapper strict = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
		MessageDispatcher dispatcher = new MessageDispatcher(Path.of("t.sock"), strict, this.pending, this.listeners);
		PendingCalls.Call call = start("Deny", String.class);
		dispatcher.onLine(bytes("{\"id\":1,\"error\":{\"code\":1,\"message\":\"m\",\"data\":{\"a\":1,\"a\":2}}}"));
		assertThat(failure(call, UdsRpcException.class).data()).isEqualTo("{\"a\":1,\"a\":2}");
	}

	@Test
	void failsTheCallOfAResultThatCannotBeConverted() {
		PendingCalls.Call call = start("Count", Integer.class);
		receive("{\"id\":1,\"result\":{\"not\":\"a number\"}}");
		UdsRpcException ex = failure(call, UdsRpcException.class);
		assertThat(ex.code()).isEqualTo(-32603);
		assertThat(ex.getMessage()).startsWith("Cannot convert the result of 'Count': ");
	}

	@Test
	void failsTheCallOfAnInvalidResponse() {
		PendingCalls.Call call = start("Ping", String.class);
		receive("{\"id\":1,\"error\":[]}");
		assertThat(failure(call, UdsRpcException.class))
			.hasMessage("Invalid response to 'Ping': error must be an object, but was []");
	}

	@Test
	void ignoresAResponseToNoPendingCall() {
		PendingCalls.Call call = start("Ping", String.class);
		receive("{\"id\":2,\"result\":\"late\"}");
		receive("{\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}");
		receive("{\"nonsense\":true}");
		assertThat(call.future()).isNotDone();
		assertThat(this.pending.size()).isOne();
	}

	@Test
	void dispatchesEventsWithTheirDataAndNoDataAsJsonNull() {
		this.listeners.addForAll((type, data) -> this.events.add(type + " " + data + " " + data.getNodeType()));
		receive("{\"type\":\"Tick\",\"data\":{\"n\":1}}");
		receive("{\"type\":\"Tock\"}");
		receive("{\"jsonrpc\":\"2.0\",\"method\":\"Note\",\"params\":[1]}");
		assertThat(this.events).containsExactly("Tick {\"n\":1} OBJECT", "Tock null NULL", "Note [1] ARRAY");
	}

	@Test
	void dispatchesEachMessageOfABatch() {
		this.listeners.addForAll((type, data) -> this.events.add(type));
		PendingCalls.Call call = start("A", String.class);
		receive("[{\"type\":\"One\"},{\"id\":1,\"result\":\"a\"},{\"type\":\"Two\"}]");
		assertThat(this.events).containsExactly("One", "Two");
		assertThat(call.future()).isCompletedWithValue("a");
	}

	@Test
	void skipsAnEventWhoseDataTheMapperRefuses() {
		JsonMapper strict = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
		MessageDispatcher dispatcher = new MessageDispatcher(Path.of("t.sock"), strict, this.pending, this.listeners);
		this.listeners.addForAll((type, data) -> this.events.add(type));
		dispatcher.onLine(bytes("{\"type\":\"Bad\",\"data\":{\"a\":1,\"a\":2}}"));
		dispatcher.onLine(bytes("{\"type\":\"Good\",\"data\":{\"a\":1}}"));
		assertThat(this.events).containsExactly("Good");
	}

	@Test
	void failsThePendingCallsWhenTheConnectionIsLostButNotTheNextOnes() {
		PendingCalls.Call call = start("A", String.class);
		this.dispatcher.onConnectionLost(new UncheckedIOException(new IOException("lost")));
		assertThat(failure(call, UncheckedIOException.class)).hasMessageContaining("lost");
		assertThat(start("B", String.class).future()).isNotDone();
	}

	@Test
	void failsEveryCallFromNowOnWhenTheReaderFailed() {
		PendingCalls.Call call = start("A", String.class);
		this.dispatcher.onFailure(new IllegalStateException("reader failed"));
		assertThat(failure(call, IllegalStateException.class)).hasMessage("reader failed");
		assertThat(failure(start("B", String.class), IllegalStateException.class)).hasMessage("reader failed");
	}

	private PendingCalls.Call start(String method, Class<?> type) {
		return this.pending.start(method, this.mapper.constructType(type));
	}

	private PendingCalls.Call start(String method, TypeReference<?> type) {
		return this.pending.start(method, this.mapper.constructType(type));
	}

	private void receive(String line) {
		this.dispatcher.onLine(bytes(line));
	}

	private <E extends Throwable> E failure(PendingCalls.Call call, Class<E> type) {
		return assertThatExceptionOfType(type).isThrownBy(() -> this.pending.await(call.method(), call.future()))
			.actual();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
