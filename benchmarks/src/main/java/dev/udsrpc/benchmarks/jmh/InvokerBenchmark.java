package dev.udsrpc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.benchmarks.load.EchoMessages;
import dev.udsrpc.handler.HandlerMethod;
import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.RpcCall;
import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.internal.Inbound;
import dev.udsrpc.protocol.internal.JsonLineBuilder;
import dev.udsrpc.protocol.internal.MessageDecoder;
import dev.udsrpc.protocol.internal.MessageEncoder;
import dev.udsrpc.protocol.RpcParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * The handler invoker on {@code Echo}: binding its params with the mapper and calling the
 * method, alone and together with decoding the request and encoding the response
 * (everything the server does for a request but I/O and scheduling).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InvokerBenchmark {

	private final MessageDecoder decoder = new MessageDecoder();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final byte[] request = EchoMessages.request(123456).getBytes(StandardCharsets.US_ASCII);

	private HandlerMethod echo;

	private RpcParams params;

	@Setup
	public void setUp() {
		HandlerRegistry registry = new HandlerRegistry(this.mapper);
		registry.registerAnnotated(new EchoHandler(), "echoHandler");
		this.echo = Objects.requireNonNull(registry.get("Echo"));
		Inbound.Request decoded = (Inbound.Request) this.decoder.decode(this.request);
		this.params = decoded.params();
	}

	@Benchmark
	public Object invokeEcho() throws Exception {
		return this.echo.invoke(new RpcCall("Echo", this.params, (type) -> null));
	}

	@Benchmark
	public byte[] decodeInvokeEncode() throws Exception {
		Inbound.Request request = (Inbound.Request) this.decoder.decode(this.request);
		Object result = this.echo.invoke(new RpcCall(request.method(), request.params(), (type) -> null));
		JsonLineBuilder out = new JsonLineBuilder(128);
		MessageEncoder.beginResult(out, request.dialect(), request.id());
		this.mapper.writeValue(out, result);
		MessageEncoder.endResult(out);
		return out.toByteArray();
	}

}
