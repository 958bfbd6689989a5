package dev.udsrpc.daemon;

import com.sun.security.auth.module.UnixSystem;

/**
 * The user and group of the current process on a POSIX system.
 * <p>
 * Values are read once, through {@code com.sun.security.auth.module.UnixSystem} of the
 * {@code jdk.security.auth} module, and cached: a JVM cannot change its user.
 *
 * @since 0.1.0
 */
public final class PosixUser {

	private PosixUser() {
	}

	/**
	 * Return the real user id of the current process.
	 * @return the uid
	 */
	public static long currentUid() {
		return Ids.UID;
	}

	/**
	 * Return the real primary group id of the current process.
	 * @return the gid
	 */
	public static long currentGid() {
		return Ids.GID;
	}

	/**
	 * Holder that reads the ids on first use.
	 */
	private static final class Ids {

		private static final long UID;

		private static final long GID;

		static {
			UnixSystem system = new UnixSystem();
			UID = system.getUid();
			GID = system.getGid();
		}

	}

}
