package dev.udsrpc.context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import dev.udsrpc.context.DaemonLauncher.Launched;
import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import dev.udsrpc.daemon.UntrustedDaemonException;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code start} command: start the daemon detached (from an AOT cache when asked
 * for), wait until it answers, and say why when it does not.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class StartCommand {

	/**
	 * How often to look whether the daemon answers: {@code start} returns this long after
	 * it does, at most.
	 */
	private static final Duration POLL = Duration.ofMillis(10);

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

	private static final int TAIL_LINES = 40;

	private static final int TAIL_BYTES = 64 * 1024;

	private final CommandContext context;

	private final UdsRpcDaemonSettings settings;

	StartCommand(CommandContext context) {
		this.context = context;
		this.settings = context.settings();
	}

	int run(List<String> runArguments) {
		CurrentJvm jvm = CurrentJvm.current();
		DaemonLauncher launcher = new DaemonLauncher(this.settings, jvm);
		Path logFile = this.settings.logFile();
		try {
			launcher.umask();
			if (this.context.daemon().pidFile().locked()) {
				return alreadyRunning();
			}
			this.context.daemon().trust().verifyDirectory("the log directory", logFile.getParent());
		}
		catch (UntrustedDaemonException ex) {
			this.context.err().println(ex.getMessage());
			return DaemonCommands.FAILED;
		}
		catch (IllegalArgumentException ex) {
			this.context.err().println("Cannot start " + this.context.app() + ": " + ex.getMessage());
			return DaemonCommands.FAILED;
		}
		AotCache.Use aot = aotCache(jvm, launcher, runArguments);
		long logStart = size(logFile);
		Launched launched;
		try {
			launched = launcher.launch(runArguments, aot);
		}
		catch (IOException | RuntimeException ex) {
			this.context.err().println("Cannot start " + this.context.app() + ": " + ex.getMessage());
			return DaemonCommands.FAILED;
		}
		return awaitAnswer(launched, logStart);
	}

	private AotCache.Use aotCache(CurrentJvm jvm, DaemonLauncher launcher, List<String> runArguments) {
		AotCache cache = AotCache.of(this.settings, jvm, launcher.jvmOptions(), this.context.err());
		if (cache == null) {
			return AotCache.Use.NONE;
		}
		if (!cache.isReady()) {
			String failure = cache.train(launcher, runArguments, this.settings, this.context.out());
			if (failure != null) {
				this.context.err().println("Starting without an AOT cache: " + failure);
				return AotCache.Use.NONE;
			}
		}
		return cache.use();
	}

	private int alreadyRunning() {
		try (CommandConnection connection = this.context.daemon().connect()) {
			OptionalLong pid = this.context.daemon().pid(this.context.daemon().status(connection, ANSWER_TIMEOUT));
			this.context.out()
				.println(this.context.app() + " is already running"
						+ (pid.isPresent() ? " (PID " + pid.getAsLong() + ")" : ", its process just ended"));
		}
		catch (UntrustedDaemonException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.context.out()
				.println(this.context.app() + " is already running (its PID file is locked), but does not answer: "
						+ ex.getMessage());
		}
		return DaemonCommands.OK;
	}

	private int awaitAnswer(Launched launched, long logStart) {
		Process child = launched.process();
		Path logFile = this.settings.logFile();
		long deadline = System.nanoTime() + this.settings.startTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			Long pid;
			try {
				pid = answer(child);
			}
			catch (UntrustedDaemonException ex) {
				this.context.err().println(ex.getMessage() + "; stopping what was started");
				child.destroy();
				return DaemonCommands.FAILED;
			}
			if (pid != null) {
				this.context.out().println("Started " + this.context.app() + " (PID " + pid + "), log: " + logFile);
				return DaemonCommands.OK;
			}
			if (!child.isAlive()) {
				this.context.err()
					.println(this.context.app() + " failed to start (exit status " + child.exitValue() + ")"
							+ explanation(launched, logStart));
				return DaemonCommands.FAILED;
			}
			sleep(POLL);
		}
		this.context.err()
			.println(this.context.app() + " did not answer on " + this.settings.location().socketPath() + " within "
					+ DaemonCommands.formatDuration(this.settings.startTimeout()) + "; stopping it"
					+ explanation(launched, logStart));
		child.destroy();
		return DaemonCommands.FAILED;
	}

	/**
	 * Return the PID of the started daemon once it answers, else {@code null}.
	 */
	private @Nullable Long answer(Process child) {
		if (!Files.exists(this.settings.location().socketPath(), LinkOption.NOFOLLOW_LINKS)) {
			return null;
		}
		try (CommandConnection connection = this.context.daemon().connect()) {
			try {
				return this.context.daemon()
					.pid(this.context.daemon().status(connection, ANSWER_TIMEOUT))
					.orElse(child.pid());
			}
			catch (UdsRpcException ex) {
				// an answer, even an error (no control methods), means the daemon serves;
				// the process started is the one that waits for it, its PID file names it
				return this.context.daemon().pidFile().pid().orElse(child.pid());
			}
		}
		catch (UntrustedDaemonException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private String explanation(Launched launched, long logStart) {
		StringBuilder text = new StringBuilder(":\n");
		String early = launched.earlyOutput().completeOnTimeout("", 5, TimeUnit.SECONDS).join();
		text.append(early);
		if (!early.isEmpty() && !early.endsWith("\n")) {
			text.append('\n');
		}
		String tail = tail(this.settings.logFile(), logStart);
		if (!tail.isEmpty()) {
			text.append("From ").append(this.settings.logFile()).append(":\n").append(tail);
		}
		return text.toString().stripTrailing();
	}

	private static long size(Path file) {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * Return the last lines written to the log since {@code from}, reading only a regular
	 * file (never through a symbolic link) and at most the last 64 KiB of it.
	 */
	private static String tail(Path file, long from) {
		try {
			if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
				return "";
			}
			try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
					LinkOption.NOFOLLOW_LINKS)) {
				long start = Math.max(Math.min(from, channel.size()), channel.size() - TAIL_BYTES);
				ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
				channel.position(start);
				while (buffer.hasRemaining() && channel.read(buffer) > 0) {
					// keep reading
				}
				String[] lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\n");
				int first = Math.max(0, lines.length - TAIL_LINES);
				return String.join("\n", Arrays.asList(lines).subList(first, lines.length)).strip();
			}
		}
		catch (NoSuchFileException ex) {
			return "";
		}
		catch (IOException ex) {
			return "(cannot read " + file + ": " + ex.getMessage() + ")";
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
