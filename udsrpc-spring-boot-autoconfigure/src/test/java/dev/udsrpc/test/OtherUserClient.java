package dev.udsrpc.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sends one line to a socket from a process of another user ({@code setpriv} and
 * {@code python3}) and returns the line answered. Needs root.
 */
public final class OtherUserClient {

	private static final String SCRIPT = """
			import socket, sys
			s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			s.settimeout(30)
			s.connect(sys.argv[1])
			try:
			    s.sendall(sys.argv[2].encode() + b'\\n')
			    data = s.makefile('rb').readline()
			except OSError:
			    data = b''
			print(data.decode().strip() or 'closed')
			""";

	private OtherUserClient() {
	}

	/**
	 * Skip the calling test unless it runs as root with {@code setpriv} and
	 * {@code python3}.
	 */
	public static void assumeAvailable() {
		assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "needs root to act as another user");
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3");
	}

	/**
	 * Let every user reach a socket in the given directory.
	 * @param dir the directory
	 */
	public static void openToAll(Path dir) {
		try {
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the start of a command line that runs the rest as the given user and groups.
	 * @param uid the user id
	 * @param gid the primary group id
	 * @param groups the supplementary group ids, none for an empty list
	 * @return the {@code setpriv} command line
	 */
	static List<String> asUser(long uid, long gid, List<Long> groups) {
		List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid));
		if (groups.isEmpty()) {
			command.add("--clear-groups");
		}
		else {
			command.add("--groups=" + String.join(",", groups.stream().map(String::valueOf).toList()));
		}
		return command;
	}

	/**
	 * Send a line as the given user and groups and return the answer.
	 * @param socket the socket
	 * @param uid the user id
	 * @param gid the primary group id
	 * @param groups the supplementary group ids, none for an empty list
	 * @param line the line to send
	 * @return the line answered, or {@code closed}
	 */
	public static String call(Path socket, long uid, long gid, List<Long> groups, String line) {
		List<String> command = new ArrayList<>(asUser(uid, gid, groups));
		command.addAll(List.of("/usr/bin/python3", "-c", SCRIPT, socket.toString(), line));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("the client of uid " + uid + " did not finish");
			}
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
