package dev.udsrpc.daemon.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * An account of the user database ({@code passwd}): the user a daemon started by root
 * runs as. Looked up with {@code getent}, so that every source the system is configured
 * with (files, LDAP, systemd's dynamic users) is asked, or from {@code /etc/passwd} where
 * {@code getent} does not exist.
 *
 * @param name the user name
 * @param uid the user id
 * @param gid the group id to run as: the primary group of the account unless
 * {@link #withGid(long) replaced}
 * @param home the home directory
 * @param shell the login shell
 * @author udsrpc authors
 * @since 0.1.0
 */
public record UserAccount(String name, long uid, long gid, Path home, String shell) {

	private static final long LOOKUP_TIMEOUT_SECONDS = 30;

	/**
	 * Create an account.
	 * @param name the user name
	 * @param uid the user id
	 * @param gid the group id
	 * @param home the home directory
	 * @param shell the login shell
	 */
	public UserAccount {
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(home, "'home' must not be null");
		Objects.requireNonNull(shell, "'shell' must not be null");
		if (uid < 0 || gid < 0) {
			throw new IllegalArgumentException("ids must not be negative, but were " + uid + " and " + gid);
		}
	}

	/**
	 * Look up a user by name or by numeric uid.
	 * @param user the name or uid
	 * @return the account
	 * @throws IllegalArgumentException if there is no such user
	 */
	public static UserAccount lookup(String user) {
		checkName(user, "user");
		String entry = entry("passwd", user, Path.of("/etc/passwd"));
		if (entry == null) {
			throw new IllegalArgumentException("No user '" + user + "' in the user database");
		}
		return parse(entry);
	}

	/**
	 * Look up a group id by group name or numeric gid.
	 * @param group the name or gid
	 * @return the gid
	 * @throws IllegalArgumentException if there is no such group
	 */
	public static long groupId(String group) {
		checkName(group, "group");
		String entry = entry("group", group, Path.of("/etc/group"));
		if (entry == null) {
			if (isNumber(group)) {
				return Long.parseLong(group);
			}
			throw new IllegalArgumentException("No group '" + group + "' in the group database");
		}
		return Long.parseLong(entry.split(":", -1)[2]);
	}

	/**
	 * Parse a line of the {@code passwd} database.
	 * @param line {@code name:password:uid:gid:gecos:home:shell}
	 * @return the account
	 */
	static UserAccount parse(String line) {
		String[] fields = line.strip().split(":", -1);
		if (fields.length < 7 || !isNumber(fields[2]) || !isNumber(fields[3])) {
			throw new IllegalArgumentException("Not a passwd entry: '" + line.strip() + "'");
		}
		return new UserAccount(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3]), Path.of(fields[5]),
				fields[6]);
	}

	/**
	 * Return this account running with another group.
	 * @param gid the group id
	 * @return the account
	 */
	public UserAccount withGid(long gid) {
		return new UserAccount(this.name, this.uid, gid, this.home, this.shell);
	}

	private static void checkName(String name, String what) {
		Objects.requireNonNull(name, "'" + what + "' must not be null");
		if (name.isEmpty() || name.startsWith("-") || name.chars().anyMatch((ch) -> ch <= ' ' || ch == ':')) {
			throw new IllegalArgumentException("'" + name + "' is not a valid " + what + " name");
		}
	}

	private static boolean isNumber(String text) {
		return !text.isEmpty() && text.length() <= 10 && text.chars().allMatch((ch) -> ch >= '0' && ch <= '9');
	}

	private static @Nullable String entry(String database, String key, Path file) {
		try {
			Process getent = new ProcessBuilder("getent", database, key).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
				.start();
			String output = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!getent.waitFor(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				getent.destroyForcibly();
				throw new IllegalStateException("getent " + database + " " + key + " did not answer");
			}
			// 2: no such key
			return (getent.exitValue() == 0) ? output.lines().findFirst().orElse(null) : null;
		}
		catch (IOException ex) {
			// no getent on this system
			return fromFile(file, key);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while looking up " + database + " '" + key + "'", ex);
		}
	}

	private static @Nullable String fromFile(Path file, String key) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + file, ex);
		}
		for (String line : lines) {
			String[] fields = line.split(":", -1);
			if (fields.length > 2 && (fields[0].equals(key) || fields[2].equals(key))) {
				return line;
			}
		}
		return null;
	}

}
