package dev.udsrpc.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.udsrpc.test.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code myd} the way systemd does: with a notify socket and a watchdog, and with a
 * listening socket passed as file descriptor 3.
 */
class MydSystemdProcessTests {

	@TempDir
	Path xdg;

	@Test
	void notifiesReadyOnlyWhenServingThenReloadingWatchdogAndStopping() throws Exception {
		Path notifySocket = this.xdg.resolve("notify.sock");
		try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
			channel.bind(AFUNIXSocketAddress.of(notifySocket));
			BlockingQueue<String> messages = new LinkedBlockingQueue<>();
			Thread receiver = new Thread(() -> receive(channel, messages));
			receiver.setDaemon(true);
			receiver.start();
			ProcessBuilder builder = command();
			builder.environment().put("NOTIFY_SOCKET", notifySocket.toString());
			builder.environment().put("WATCHDOG_USEC", "400000");
			Process daemon = builder.start();
			try {
				String first = nextNonWatchdog(messages);
				assertThat(first).startsWith("READY=1\nSTATUS=Serving on ");
				// READY=1 is sent only once the socket serves
				try (LineClient client = new LineClient(MydProcess.socket(this.xdg))) {
					assertThat(client.call("{\"id\":1,\"method\":\"Ping\"}"))
						.isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
				}
				assertThat(poll(messages)).isEqualTo("WATCHDOG=1");
				assertThat(poll(messages)).isEqualTo("WATCHDOG=1");
				long before = System.nanoTime() / 1000;
				new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor();
				String reloading = nextNonWatchdog(messages);
				assertThat(reloading).startsWith("RELOADING=1\nMONOTONIC_USEC=");
				long monotonic = Long.parseLong(reloading.substring(reloading.indexOf('=', 12) + 1).trim());
				assertThat(monotonic).isBetween(before, System.nanoTime() / 1000);
				assertThat(nextNonWatchdog(messages)).isEqualTo("READY=1\nSTATUS=Reloaded");
				daemon.destroy();
				assertThat(nextNonWatchdog(messages)).isEqualTo("STOPPING=1");
				assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
				// the JVM ends a clean stop on SIGTERM with 128 + 15
				assertThat(daemon.exitValue()).isEqualTo(143);
			}
			finally {
				daemon.destroyForcibly();
			}
		}
	}

	@Test
	void everyServiceUnitCountsTheExitStatusOfSigtermAsSuccess() throws IOException {
		List<Path> units;
		try (Stream<Path> files = Files.list(Path.of("systemd"))) {
			units = files.filter((file) -> file.toString().endsWith(".service")).toList();
		}
		assertThat(units).isNotEmpty();
		for (Path unit : units) {
			assertThat(Files.readAllLines(unit)).as(unit.toString()).contains("SuccessExitStatus=143");
		}
	}

	@Test
	void servesAnInheritedSocketAndLeavesItInPlace() throws Exception {
		assumeThat(Path.of("/usr/bin/python3")).as("python3 passes the socket as fd 3").exists();
		Path dir = Files.createDirectory(this.xdg.resolve("myd"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		Path socket = MydProcess.socket(this.xdg);
		// binds the socket, passes it as fd 3 with LISTEN_* for its own PID, then becomes
		// java
		String launcher = """
				import os, socket, sys
				s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
				s.bind(sys.argv[1])
				s.listen(16)
				os.dup2(s.fileno(), 3)
				os.set_inheritable(3, True)
				os.environ.update(LISTEN_FDS="1", LISTEN_FDNAMES="myd", LISTEN_PID=str(os.getpid()))
				os.execv(sys.argv[2], sys.argv[2:])
				""";
		List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", launcher, socket.toString()));
		command.addAll(command().command());
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("XDG_RUNTIME_DIR", this.xdg.toString());
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.xdg.resolve("activated.log").toFile());
		Process daemon = builder.start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(socket));
			// a client may connect before the daemon is up: the socket queues it
			try (LineClient client = new LineClient(socket)) {
				client.send("{\"id\":1,\"method\":\"Ping\"}");
				assertThat(client.receive()).isEqualTo("{\"id\":1,\"result\":{\"pong\":true}}");
			}
			assertThat(Files.readString(MydProcess.pidFile(this.xdg)).trim()).isEqualTo(Long.toString(daemon.pid()));
			daemon.destroy();
			assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(Files.readString(this.xdg.resolve("activated.log"))).contains("(socket activation)");
			assertThat(socket).as("the service manager's socket stays").exists();
			assertThat(MydProcess.pidFile(this.xdg)).doesNotExist();
		}
		finally {
			daemon.destroyForcibly();
		}
	}

	private ProcessBuilder command() {
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), MydApplication.class.getName(), "--myd.tick-interval=0s");
		builder.environment().put("XDG_RUNTIME_DIR", this.xdg.toString());
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.xdg.resolve("myd.log").toFile());
		return builder;
	}

	private static void receive(AFUNIXDatagramChannel channel, BlockingQueue<String> messages) {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		try {
			while (true) {
				buffer.clear();
				channel.receive(buffer);
				buffer.flip();
				messages.add(StandardCharsets.UTF_8.decode(buffer).toString());
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	private static String poll(BlockingQueue<String> messages) throws InterruptedException {
		String message = messages.poll(90, TimeUnit.SECONDS);
		assertThat(message).as("a notification within 90 s").isNotNull();
		return message;
	}

	private static String nextNonWatchdog(BlockingQueue<String> messages) throws InterruptedException {
		String message;
		do {
			message = poll(messages);
		}
		while (message.equals("WATCHDOG=1"));
		return message;
	}

}
