package dev.udsrpc.daemon.internal;

/**
 * The user and group of the current process on a POSIX system.
 * <p>
 * Values are read once, through {@code com.sun.security.auth.module.UnixSystem} of the
 * {@code jdk.security.auth} module, and cached: a JVM cannot change its user. The class
 * is looked up in the platform class loader: resolved from a class of an executable
 * Spring Boot jar, its package would first be looked for in every nested jar, which costs
 * a short-lived command more than the rest of its work.
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
			try {
				Class<?> type = Class.forName("com.sun.security.auth.module.UnixSystem", true,
						ClassLoader.getPlatformClassLoader());
				Object system = type.getConstructor().newInstance();
				UID = (long) type.getMethod("getUid").invoke(system);
				GID = (long) type.getMethod("getGid").invoke(system);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read the user of this process", ex);
			}
		}

	}

}
