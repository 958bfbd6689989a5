package dev.udsrpc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import dev.udsrpc.protocol.Dialect;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.internal.Inbound;
import dev.udsrpc.protocol.internal.MessageDecoder;
import dev.udsrpc.protocol.internal.MessageEncoder;
import org.jspecify.annotations.Nullable;

/**
 * Hands the lines of each read to the workers ({@link LineBatch}), or, when every one is
 * answered quickly ({@link QuickHandlers}) and the built-in pool runs handlers, handles
 * them on the event loop; a line is decoded and routed: a request to the
 * {@link RequestHandler}, a batch to a {@link BatchCall}, anything else to its error
 * response.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class RequestDispatcher {

	private final MessageDecoder decoder;

	private final RequestHandler handler;

	private final ServerRuntime runtime;

	RequestDispatcher(MessageDecoder decoder, RequestHandler handler, ServerRuntime runtime) {
		this.decoder = decoder;
		this.handler = handler;
		this.runtime = runtime;
	}

	/**
	 * Handle the lines of one read of a connection. Called on the event loop.
	 * @param connection the connection the lines came from
	 * @param lines the lines
	 */
	void dispatch(ServerConnection connection, byte[][] lines) {
		Inbound[] decoded = null;
		if (this.runtime.execution().quickHandlersOnLoop()) {
			decoded = new Inbound[lines.length];
			boolean quick = true;
			for (int i = 0; i < lines.length; i++) {
				decoded[i] = this.decoder.decode(lines[i]);
				quick &= this.handler.isQuick(decoded[i]);
			}
			if (quick) {
				// no hand-over, and the replies leave in one write
				for (int i = 0; i < lines.length; i++) {
					process(connection, lines[i], decoded[i]);
				}
				connection.flushHeldReplies();
				return;
			}
		}
		LineBatch<ServerConnection> task = new LineBatch<>(connection, lines, decoded,
				this.runtime.execution().executor(), this::process, this.runtime::unexpected);
		try {
			this.runtime.execution().executor().execute(task);
		}
		catch (RejectedExecutionException ex) {
			task.refuse();
		}
	}

	/**
	 * Handle one line on the worker that took it, or on the event loop.
	 * @param connection the connection it came from
	 * @param line the line
	 * @param decoded the line decoded already, or {@code null}
	 */
	void process(ServerConnection connection, byte[] line, @Nullable Inbound decoded) {
		try {
			connection.requestStarted();
			Inbound inbound = (decoded != null) ? decoded : this.decoder.decode(line);
			if (inbound instanceof Inbound.Request request) {
				connection.spoke(request.dialect());
				PendingReply reply = request.notification() ? null
						: connection.expectReply(() -> this.handler.abandoned(request.dialect(), request.id()));
				this.handler.handle(connection, request, (response, onTakingWorker) -> {
					if (reply != null) {
						connection.reply(reply, response, onTakingWorker);
					}
					connection.requestDone(line);
				});
			}
			else if (inbound instanceof Inbound.Invalid invalid) {
				if (invalid.dialect() == Dialect.JSON_RPC_2 && invalid.code() != ErrorCodes.PARSE_ERROR) {
					connection.spoke(Dialect.JSON_RPC_2);
				}
				// a line that is not JSON has no dialect of its own: answer in the
				// connection's
				Dialect dialect = (invalid.code() == ErrorCodes.PARSE_ERROR) ? connection.errorDialect()
						: invalid.dialect();
				connection.send(this.handler.error(dialect, invalid.id(), invalid.code(), invalid.message(), null));
				connection.requestDone(line);
			}
			else if (inbound instanceof Inbound.Batch batch) {
				connection.spoke(Dialect.JSON_RPC_2);
				handleBatch(connection, batch, line);
			}
			else {
				connection.requestDone(line);
			}
		}
		catch (Throwable ex) {
			this.runtime.unexpected(connection, ex);
			connection.requestDone(line);
		}
	}

	private void handleBatch(ServerConnection connection, Inbound.Batch batch, byte[] line) {
		BatchCall call = new BatchCall(connection, batch.entries(), this.runtime.execution().executor(),
				(request, done) -> this.handler.handle(connection, request, done),
				(ex) -> this.runtime.unexpected(connection, ex));
		PendingReply reply = connection.expectReply(() -> batchResponse(call, true));
		call.start((entry) -> (entry instanceof Inbound.Invalid invalid)
				? this.handler.error(invalid.dialect(), invalid.id(), invalid.code(), invalid.message(), null) : null,
				() -> {
					connection.reply(reply, batchResponse(call, false), false);
					connection.requestDone(line);
				});
	}

	private byte @Nullable [] batchResponse(BatchCall call, boolean abandoned) {
		List<Inbound> entries = call.entries();
		List<byte[]> collected = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			byte[] response = call.response(i);
			if (response == null && abandoned && entries.get(i) instanceof Inbound.Request request
					&& !request.notification()) {
				response = this.handler.abandoned(request.dialect(), request.id());
			}
			if (response != null) {
				collected.add(response);
			}
		}
		return collected.isEmpty() ? null : MessageEncoder.batch(collected);
	}

}
