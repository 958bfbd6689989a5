package dev.udsrpc.daemon.internal;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Socket activation ({@code sd_listen_fds(3)}): whether the service manager passed this
 * process a listening socket, and which file descriptor it is.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class SocketActivation {

	/**
	 * The first file descriptor passed by the service manager.
	 */
	public static final int FIRST_FD = 3;

	private SocketActivation() {
	}

	/**
	 * Return the file descriptor of the socket passed to this process.
	 * @return the file descriptor, or empty without socket activation
	 */
	public static OptionalInt listeningDescriptor() {
		return listeningDescriptor(System.getenv(), ProcessHandle.current().pid(), null);
	}

	/**
	 * Return the file descriptor of the socket passed to a process.
	 * @param environment the environment of the process
	 * @param pid the PID of the process, which {@code LISTEN_PID} must name
	 * @param name the name to pick from {@code LISTEN_FDNAMES} when several sockets are
	 * passed, or {@code null} for the first
	 * @return the file descriptor, or empty without socket activation
	 */
	public static OptionalInt listeningDescriptor(Map<String, String> environment, long pid,
			@org.jspecify.annotations.Nullable String name) {
		Objects.requireNonNull(environment, "'environment' must not be null");
		try {
			String listenPid = environment.get("LISTEN_PID");
			String listenFds = environment.get("LISTEN_FDS");
			if (listenPid == null || listenFds == null || Long.parseLong(listenPid.trim()) != pid) {
				return OptionalInt.empty();
			}
			int count = Integer.parseInt(listenFds.trim());
			if (count < 1) {
				return OptionalInt.empty();
			}
			String names = environment.get("LISTEN_FDNAMES");
			if (name != null && names != null) {
				String[] split = names.split(":");
				for (int i = 0; i < Math.min(split.length, count); i++) {
					if (split[i].equals(name)) {
						return OptionalInt.of(FIRST_FD + i);
					}
				}
			}
			return OptionalInt.of(FIRST_FD);
		}
		catch (NumberFormatException ex) {
			return OptionalInt.empty();
		}
	}

}
