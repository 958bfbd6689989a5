package dev.udsrpc.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Creates an executor that runs each task on a virtual thread of its own, on Java 21 and
 * later, through the API that the Java 17 baseline cannot name.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class VirtualThreads {

	private VirtualThreads() {
	}

	/**
	 * Return whether the running Java has virtual threads.
	 * @return whether they are available
	 */
	static boolean available() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * Check that the running Java has virtual threads.
	 * @return {@code true}
	 * @throws IllegalStateException before Java 21
	 */
	static boolean require() {
		if (!available()) {
			throw new IllegalStateException(
					"Virtual threads need Java 21 or later, this is Java " + Runtime.version().feature());
		}
		return true;
	}

	/**
	 * Create an executor of a new virtual thread per task.
	 * @param name the prefix of the threads' names
	 * @return the executor
	 * @throws IllegalStateException before Java 21
	 */
	static ExecutorService executor(String name) {
		if (!available()) {
			throw new IllegalStateException(
					"Virtual threads need Java 21 or later, this is Java " + Runtime.version().feature());
		}
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = lookup
				.findStatic(Thread.class, "ofVirtual",
						MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
				.invoke();
			MethodHandle named = lookup.findVirtual(builderType, "name",
					MethodType.methodType(builderType, String.class, long.class));
			builder = named.invoke(builder, name + "-", 0L);
			ThreadFactory factory = (ThreadFactory) lookup
				.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class))
				.invoke(builder);
			return (ExecutorService) lookup
				.findStatic(java.util.concurrent.Executors.class, "newThreadPerTaskExecutor",
						MethodType.methodType(ExecutorService.class, ThreadFactory.class))
				.invoke(factory);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot create virtual threads", ex);
		}
	}

}
