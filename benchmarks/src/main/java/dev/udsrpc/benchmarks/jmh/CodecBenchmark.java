package dev.udsrpc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.benchmarks.jmh.EchoHandler.EchoMessage;
import dev.udsrpc.benchmarks.load.EchoMessages;
import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.internal.Inbound;
import dev.udsrpc.protocol.internal.JsonLineBuilder;
import dev.udsrpc.protocol.internal.MessageDecoder;
import dev.udsrpc.protocol.internal.MessageEncoder;
import dev.udsrpc.protocol.RpcId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * The codec on a typical {@code Echo} exchange: decoding the request envelope, and
 * writing the response as the server does (envelope, result with the mapper, into a
 * {@link JsonLineBuilder}).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

	private static final long ID = 123456;

	private final MessageDecoder decoder = new MessageDecoder();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final byte[] request = EchoMessages.request(ID).getBytes(StandardCharsets.US_ASCII);

	private final EchoMessage result = new EchoMessage(EchoMessages.payload(ID));

	private final RpcId id = RpcId.of(ID);

	@Benchmark
	public Inbound decodeRequest() {
		return this.decoder.decode(this.request);
	}

	@Benchmark
	public byte[] encodeResponse() {
		JsonLineBuilder out = new JsonLineBuilder(128);
		MessageEncoder.beginResult(out, Dialect.GO, this.id);
		this.mapper.writeValue(out, this.result);
		MessageEncoder.endResult(out);
		return out.toByteArray();
	}

}
