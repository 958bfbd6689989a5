package dev.udsrpc.benchmarks.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The minimal JSON RPC baseline: parses each request with Jackson, binds its params, and
 * writes the Go dialect response, all on the reading thread, with one write per burst of
 * requests. Knows {@code Echo} and {@code Ping} only.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class InlineServer extends BlockingLineServer {

	private static final byte[] ID = "{\"id\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] RESULT = ",\"result\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] END = "}\n".getBytes(StandardCharsets.US_ASCII);

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Override
	void handle(byte[] buffer, int end, Output out) {
		int start = 0;
		for (int i = 0; i < end; i++) {
			if (buffer[i] == '\n') {
				if (i > start) {
					handleLine(buffer, start, i - start, out);
				}
				start = i + 1;
			}
		}
	}

	private void handleLine(byte[] buffer, int offset, int length, Output out) {
		try {
			JsonNode request = this.mapper.readTree(buffer, offset, length);
			JsonNode id = request.path("id");
			String method = request.path("method").asString("");
			Object result;
			if (method.equals("Echo")) {
				result = this.mapper.treeToValue(request.path("params"), EchoMessage.class);
			}
			else if (method.equals("Ping")) {
				result = new Pong(true);
			}
			else {
				out.write(ID);
				out.write(id.isNumber() ? id.toString().getBytes(StandardCharsets.US_ASCII) : new byte[] { '0' });
				out.write(",\"error\":{\"code\":-32601,\"message\":\"method not found\"}}\n"
					.getBytes(StandardCharsets.US_ASCII));
				return;
			}
			out.write(ID);
			out.write(id.isNumber() ? id.toString().getBytes(StandardCharsets.US_ASCII) : new byte[] { '0' });
			out.write(RESULT);
			this.mapper.writeValue(out, result);
			out.write(END);
		}
		catch (JacksonException ex) {
			out.write("{\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}\n"
				.getBytes(StandardCharsets.US_ASCII));
		}
	}

	public static void main(String[] args) throws IOException {
		new InlineServer().serve(socketArgument(args));
	}

	/**
	 * The params and result of {@code Echo}.
	 *
	 * @param msg the message
	 */
	public record EchoMessage(String msg) {

	}

	/**
	 * The result of {@code Ping}.
	 *
	 * @param pong always {@code true}
	 */
	public record Pong(boolean pong) {

	}

}
