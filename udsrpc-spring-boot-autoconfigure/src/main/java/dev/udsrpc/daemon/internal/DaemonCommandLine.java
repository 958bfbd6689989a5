package dev.udsrpc.daemon.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The command line that starts a detached daemon, built from data alone so that it can be
 * checked without starting anything:
 * <ol>
 * <li>{@code setpriv} with numeric ids, when the daemon runs as another user (root
 * only);</li>
 * <li>{@code /bin/sh} running one fixed script, which gets every value as a positional
 * parameter and so never parses one as shell code: it sets the umask, creates the log
 * directory ({@code 0700}) if missing, refuses a log directory that is a symbolic link or
 * belongs to another user and a log file that is a symbolic link, then appends the output
 * of the daemon to the log file. The daemon's user opens the log, so a link planted there
 * cannot make a more privileged caller write elsewhere;</li>
 * <li>{@code setsid --fork --wait}, when available: the daemon in a session of its own,
 * without a controlling terminal, as the child of a process that waits for it, so that it
 * is reaped the moment it exits, whatever the init process does with orphans;</li>
 * <li>the Java command line of the daemon.</li>
 * </ol>
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public final class DaemonCommandLine {

	/**
	 * The umask of a daemon started without one: files {@code 0640}, directories
	 * {@code 0750}, as in the example of go-daemon.
	 */
	public static final int DEFAULT_UMASK = 027;

	/**
	 * The script run by {@code /bin/sh}: {@code $1} umask, {@code $2} log directory,
	 * {@code $3} log file, then the command.
	 */
	static final String SCRIPT = """
			umask "$1" || exit 1
			dir=$2
			log=$3
			shift 3
			mkdir -p -m 0700 -- "$dir" || exit 1
			if [ -L "$dir" ] || [ ! -d "$dir" ] || [ ! -O "$dir" ]; then
			  echo "Refusing the log directory '$dir': it is not a directory owned by uid $(id -u)" >&2
			  exit 1
			fi
			if [ -L "$log" ]; then
			  echo "Refusing the log file '$log': it is a symbolic link" >&2
			  exit 1
			fi
			exec "$@" >>"$log" 2>&1
			""";

	/**
	 * The name the script runs under ({@code $0}), shown by {@code ps} and in its errors.
	 */
	static final String SCRIPT_NAME = "udsrpc-start";

	private DaemonCommandLine() {
	}

	/**
	 * Parse a umask given as an octal number, such as {@code 027} or {@code 0022}.
	 * @param umask the umask
	 * @return its value
	 * @throws IllegalArgumentException if it is not an octal number from {@code 0} to
	 * {@code 0777}
	 */
	public static int parseUmask(String umask) {
		Objects.requireNonNull(umask, "'umask' must not be null");
		String digits = umask.strip();
		if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch((ch) -> ch >= '0' && ch <= '7')
				|| Integer.parseInt(digits, 8) > 0777) {
			throw new IllegalArgumentException(
					"udsrpc.daemon.umask must be an octal number from 0 to 0777, such as 027, but was '" + umask + "'");
		}
		return Integer.parseInt(digits, 8);
	}

	/**
	 * Build the command line.
	 * @param java the Java command line of the daemon
	 * @param user the account to run as, or {@code null} to stay the current user
	 * @param umask the umask
	 * @param logFile the file the daemon's output is appended to, absolute
	 * @param newSession whether to start a new session with {@code setsid}
	 * @return the command line
	 */
	public static List<String> of(List<String> java, @Nullable UserAccount user, int umask, Path logFile,
			boolean newSession) {
		Objects.requireNonNull(java, "'java' must not be null");
		Objects.requireNonNull(logFile, "'logFile' must not be null");
		if (java.isEmpty()) {
			throw new IllegalArgumentException("'java' must not be empty");
		}
		if (umask < 0 || umask > 0777) {
			throw new IllegalArgumentException(
					"'umask' must be from 0 to 0777, but was " + Integer.toOctalString(umask));
		}
		if (!logFile.isAbsolute() || logFile.getParent() == null) {
			throw new IllegalArgumentException("'logFile' must be an absolute file path, but was " + logFile);
		}
		List<String> command = new ArrayList<>();
		if (user != null) {
			command.addAll(List.of("setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(), "--init-groups", "--"));
		}
		command.addAll(List.of("/bin/sh", "-c", SCRIPT, SCRIPT_NAME, String.format("%04o", umask),
				logFile.getParent().toString(), logFile.toString()));
		if (newSession) {
			command.addAll(List.of("setsid", "--fork", "--wait"));
		}
		command.addAll(java);
		return command;
	}

}
