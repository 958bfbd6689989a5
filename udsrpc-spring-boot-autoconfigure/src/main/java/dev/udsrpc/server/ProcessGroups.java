package dev.udsrpc.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the supplementary groups of a process from {@code /proc/<pid>/status}, which
 * {@code SO_PEERCRED} does not report.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ProcessGroups {

	private ProcessGroups() {
	}

	/**
	 * Return the peer credentials of a connection with the supplementary groups of its
	 * process.
	 * @param pid the process id the kernel reported
	 * @param uid the user id the kernel reported
	 * @param gid the group id the kernel reported
	 * @return the credentials
	 */
	static PeerCredentials credentials(long pid, long uid, long gid) {
		return new PeerCredentials(pid, uid, gid, of(pid));
	}

	/**
	 * Return the supplementary groups of a process.
	 * @param pid the process id
	 * @return the group ids, empty if they cannot be read
	 */
	static List<Long> of(long pid) {
		if (pid <= 0) {
			return List.of();
		}
		try {
			return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
		}
		catch (IOException | RuntimeException ex) {
			// no procfs, or the process is gone
			return List.of();
		}
	}

	static List<Long> parse(String status) {
		for (String line : status.split("\n")) {
			if (line.startsWith("Groups:")) {
				List<Long> groups = new ArrayList<>();
				for (String group : line.substring("Groups:".length()).trim().split("\\s+")) {
					if (!group.isEmpty()) {
						groups.add(Long.parseLong(group));
					}
				}
				return groups;
			}
		}
		return List.of();
	}

}
