package dev.udsrpc.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A server that another user runs ({@code setpriv} and {@code python3}) and that answers
 * every request with the same result: what a client or a command must refuse to trust. It
 * can also hold the lock of a PID file that names a process of the caller's choice, as a
 * daemon would. Needs root: call {@link OtherUserClient#assumeAvailable()} first.
 */
public final class ForgedServer implements AutoCloseable {

	private static final String SCRIPT = """
			import fcntl, json, os, socket, sys
			path, result = sys.argv[1], json.loads(sys.argv[2])
			if len(sys.argv) > 3:
			    pid_file = os.open(sys.argv[3], os.O_RDWR | os.O_CREAT, 0o644)
			    os.write(pid_file, b"%d\\n" % int(sys.argv[4]))
			    fcntl.lockf(pid_file, fcntl.LOCK_EX)
			server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			server.bind(path)
			os.chmod(path, 0o777)
			server.listen(16)
			print("ready", flush=True)
			while True:
			    connection, _ = server.accept()
			    with connection, connection.makefile("rwb") as stream:
			        for line in stream:
			            request = json.loads(line)
			            stream.write(json.dumps({"id": request.get("id", 0), "result": result}).encode() + b"\\n")
			            stream.flush()
			""";

	private final Process process;

	private ForgedServer(Process process) {
		this.process = process;
	}

	/**
	 * Serve a socket as the given user, whose group is the one of the same number.
	 * @param uid the user id
	 * @param socket the socket to bind, in a directory that user may write
	 * @param result the JSON result of every request
	 * @return the server, serving
	 */
	public static ForgedServer start(long uid, Path socket, String result) {
		return start(uid, socket, result, null, 0);
	}

	/**
	 * Serve a socket as the given user, whose group is the one of the same number, and
	 * hold the lock of a PID file that names the given process.
	 * @param uid the user id
	 * @param socket the socket to bind, in a directory that user may write
	 * @param result the JSON result of every request
	 * @param pidFile the PID file to create and lock, or {@code null} for none
	 * @param pid the PID to write into it
	 * @return the server, serving
	 */
	public static ForgedServer start(long uid, Path socket, String result, @Nullable Path pidFile, long pid) {
		List<String> command = new ArrayList<>(OtherUserClient.asUser(uid, uid, List.of()));
		command.addAll(List.of("/usr/bin/python3", "-c", SCRIPT, socket.toString(), result));
		if (pidFile != null) {
			command.addAll(List.of(pidFile.toString(), Long.toString(pid)));
		}
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ForgedServer server = new ForgedServer(process);
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String ready;
		try {
			ready = CompletableFuture.supplyAsync(() -> {
				try {
					return output.readLine();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, TestThreads.PER_TASK).get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			server.close();
			throw new AssertionError("the forged server did not start", ex);
		}
		if (!"ready".equals(ready)) {
			server.close();
			throw new AssertionError("the forged server did not start: " + ready);
		}
		return server;
	}

	/**
	 * Stop the server.
	 */
	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
