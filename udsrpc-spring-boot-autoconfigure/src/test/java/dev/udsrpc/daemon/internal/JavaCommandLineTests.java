package dev.udsrpc.daemon.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JavaCommandLine}.
 */
class JavaCommandLineTests {

	@Test
	void keepsTheOptionsOfTheCommandLineWhenTheEnvironmentHasNone() {
		assertThat(JavaCommandLine.commandLineOptions(List.of("-Xmx64m", "-Da=1"), Map.of())).containsExactly("-Xmx64m",
				"-Da=1");
	}

	@Test
	void leavesOutWhatTheJvmReadFromTheEnvironmentWhereItPutIt() {
		// as a JVM reports them: JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, the command line,
		// _JAVA_OPTIONS
		List<String> input = List.of("-javaagent:/opt/agent.jar", "-Dq=a b",
				"--add-opens=java.base/java.lang=ALL-UNNAMED", "--module-path=/mods", "-Dj=1",
				"-javaagent:/opt/agent.jar", "-Xmx64m", "-Dunder=1");
		Map<String, String> environment = Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/opt/agent.jar '-Dq=a b'",
				"JDK_JAVA_OPTIONS", "--add-opens java.base/java.lang=ALL-UNNAMED -p /mods -Dj=1", "_JAVA_OPTIONS",
				"-Dunder=1");
		assertThat(JavaCommandLine.commandLineOptions(input, environment))
			.as("an option given twice, in the environment and on the command line, stays once")
			.containsExactly("-javaagent:/opt/agent.jar", "-Xmx64m");
	}

	@Test
	void leavesOutOptionsOfTheEnvironmentFoundElsewhere() {
		assertThat(JavaCommandLine.commandLineOptions(List.of("-Xmx64m", "-Dtool=1"),
				Map.of("JAVA_TOOL_OPTIONS", "-Dtool=1")))
			.containsExactly("-Xmx64m");
	}

	@Test
	void splitsOptionsAtWhiteSpaceOutsideQuotes() {
		assertThat(JavaCommandLine.split("  -Da=1\t'-Db=x y' -Dc=\"p q\"r ''")).containsExactly("-Da=1", "-Db=x y",
				"-Dc=p qr", "");
		assertThat(JavaCommandLine.split(null)).isEmpty();
	}

	@Test
	void relaunchesAJarWhosePathHasSpaces() {
		assertThat(JavaCommandLine.mainClass("/opt/my apps/myd.jar start --x=1", "/opt/my apps/myd.jar"))
			.containsExactly("-jar", "/opt/my apps/myd.jar");
		assertThat(JavaCommandLine.mainClass("/opt/myd.jar", "/opt/myd.jar")).containsExactly("-jar", "/opt/myd.jar");
	}

	@Test
	void relaunchesAMainClassWithAnAbsoluteClassPath() {
		String cwd = Path.of("").toAbsolutePath().toString();
		assertThat(JavaCommandLine.mainClass("com.example.Main start", "classes:/lib/a.jar")).containsExactly("-cp",
				cwd + "/classes:/lib/a.jar", "com.example.Main");
		assertThat(JavaCommandLine.mainClass("com.example.Main", "/lib/app.jar"))
			.as("a class launched from a jar with -cp")
			.containsExactly("-cp", "/lib/app.jar", "com.example.Main");
	}

	@Test
	void letsOverridesReplaceTheDefaultsOfTheSameOptionAndTheirCollector() {
		List<String> defaults = List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:-UsePerfData",
				"-XX:TrimNativeHeapInterval=1", "-XX:+UnlockDiagnosticVMOptions");
		assertThat(JavaCommandLine.mergeOptions(defaults,
				List.of("-XX:+UseG1GC", "-XX:+UsePerfData", "-Xms64m", "-XX:TrimNativeHeapInterval=2", "-Dx=1")))
			.containsExactly("-Xms16m", "-XX:+UnlockDiagnosticVMOptions", "-XX:+UseG1GC", "-XX:+UsePerfData", "-Xms64m",
					"-XX:TrimNativeHeapInterval=2", "-Dx=1");
		assertThat(JavaCommandLine.mergeOptions(defaults, List.of())).isEqualTo(defaults);
		assertThat(JavaCommandLine.mergeOptions(
				List.of("-XX:-TieredCompilation", "-XX:CICompilerCount=1", "-XX:-UsePerfData"),
				List.of("-XX:TieredStopAtLevel=1")))
			.as("the compilers are chosen together")
			.containsExactly("-XX:-UsePerfData", "-XX:TieredStopAtLevel=1");
		assertThat(JavaCommandLine.mergeOptions(List.of(), List.of("-Xmx1g"))).containsExactly("-Xmx1g");
	}

}
