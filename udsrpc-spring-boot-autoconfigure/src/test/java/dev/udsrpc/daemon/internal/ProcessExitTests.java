package dev.udsrpc.daemon.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ProcessExit}.
 */
class ProcessExitTests {

	@Test
	void countsAZombieAsGone() throws Exception {
		assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
		// the child of a shell that then becomes a sleep, which never reaps it: a zombie
		// once it exits
		Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0.5 & echo $!; exec sleep 60").start();
		try {
			long zombie = Long
				.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
					.readLine()
					.trim());
			ProcessExit exit = ProcessExit.of(ProcessHandle.of(zombie).orElseThrow());
			assertThat(exit.await(Duration.ofSeconds(10))).isTrue();
			assertThat(Files.readString(Path.of("/proc/" + zombie + "/stat"))).as("a zombie, not reaped")
				.containsPattern("\\) Z ");
		}
		finally {
			parent.destroyForcibly();
			parent.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void givesTheParentOfAZombieAMomentToReapIt() throws Exception {
		assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 plays the parent");
		// the parent reaps its child 150 ms after it exits, as a busy parent might
		Process parent = new ProcessBuilder("/usr/bin/python3", "-c",
				"import subprocess, time; child = subprocess.Popen(['sleep', '0.3']); print(child.pid, flush=True); "
						+ "time.sleep(0.45); child.wait(); time.sleep(60)")
			.start();
		try {
			long child = Long
				.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
					.readLine()
					.trim());
			ProcessExit exit = ProcessExit.of(ProcessHandle.of(child).orElseThrow());
			assertThat(exit.await(Duration.ofSeconds(10))).isTrue();
			assertThat(Path.of("/proc/" + child)).as("reaped").doesNotExist();
			assertThat(ProcessHandle.of(child)).isEmpty();
		}
		finally {
			parent.destroyForcibly();
			parent.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void seesAProcessThatIsNotAChildExitPromptly() throws Exception {
		// the shell's child is not a child of this JVM
		Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 60 & echo $!; wait").start();
		try {
			long pid = Long
				.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
					.readLine()
					.trim());
			ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
			ProcessExit exit = ProcessExit.of(handle);
			assertThat(exit.await(Duration.ofMillis(50))).as("still running").isFalse();
			handle.destroy();
			long started = System.nanoTime();
			assertThat(exit.await(Duration.ofSeconds(10))).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
		}
		finally {
			parent.destroyForcibly();
			parent.waitFor(30, TimeUnit.SECONDS);
		}
	}

}
