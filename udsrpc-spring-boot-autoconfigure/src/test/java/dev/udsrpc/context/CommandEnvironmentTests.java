package dev.udsrpc.context;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.udsrpc.context.internal.UdsRpcDaemonSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CommandEnvironment} and {@link DaemonPropertiesBinder}: the commands
 * read the same settings from the same sources as the daemon, whose view is Spring Boot's
 * own (its configuration data processing and its binder).
 */
class CommandEnvironmentTests {

	@TempDir
	Path classpath;

	@TempDir
	Path workingDirectory;

	private final List<String> arguments = new ArrayList<>();

	private final Map<String, String> variables = new LinkedHashMap<>();

	private final Map<String, String> systemProperties = new LinkedHashMap<>();

	@Test
	void readsNothingButDefaultsWithoutConfiguration() throws IOException {
		assertSameAsSpringBoot();
		assertThat(settings().properties().getJvmOptions()).isEqualTo(DaemonProperties.DEFAULT_JVM_OPTIONS);
	}

	@Test
	void bindsEveryPropertyOfAPropertiesFileInEachForm() throws IOException {
		packaged("application.properties", """
				spring.application.name=myd
				udsrpc.runtime-dir=/run/x/../y
				udsrpc.server.socket-path=relative/s.sock
				udsrpc.daemon.pidFile=/run/p.pid
				udsrpc.daemon.log_file=/var/log/myd.out
				udsrpc.daemon.start-timeout=5s
				udsrpc.daemon.stop-timeout=PT1M30S
				udsrpc.daemon.reload-on-sighup=no
				udsrpc.daemon.SYSTEMD-NOTIFY=off
				udsrpc.daemon.working-directory=file:/srv/myd
				udsrpc.daemon.umask = 027
				udsrpc.daemon.environment.LANG=C.UTF-8
				udsrpc.daemon.environment[a.b]=dotted
				udsrpc.daemon.arguments[0]=--debug
				udsrpc.daemon.arguments[1]=--x=1
				udsrpc.daemon.jvm-options=-Xmx64m, -Xss512k
				udsrpc.daemon.aot-cache=true
				udsrpc.daemon.cache-directory=/var/cache/myd
				udsrpc.daemon.group=0
				""");
		assertSameAsSpringBoot();
		UdsRpcDaemonSettings settings = settings();
		assertThat(settings.properties().getJvmOptions()).containsExactly("-Xmx64m", "-Xss512k");
		assertThat(settings.properties().getEnvironment()).containsEntry("LANG", "C.UTF-8")
			.containsEntry("a.b", "dotted");
	}

	@Test
	void readsListsAndMultipleDocumentsOfAPropertiesFile() throws IOException {
		packaged("application.properties", """
				udsrpc.daemon.arguments[]=--a,--b
				# a comment
				udsrpc.daemon.umask: 022
				#---
				udsrpc.daemon.umask=077
				udsrpc.app-name=multi\\
				   line
				!---
				udsrpc.daemon.jvm-options=
				""");
		assertSameAsSpringBoot();
		assertThat(settings().properties().getJvmOptions()).isEmpty();
	}

	@Test
	void readsYaml() throws IOException {
		packaged("application.yml", """
				spring:
				  application:
				    name: yamld
				udsrpc:
				  daemon:
				    umask: 027
				    start-timeout: 2m
				    reload-on-sighup: yes
				    jvm-options:
				      - -Xmx32m
				      - -XX:+UseSerialGC
				    environment:
				      TZ: UTC
				    arguments: []
				    user:
				""");
		assertSameAsSpringBoot();
	}

	@Test
	void prefersPropertiesToYamlAndTheConfigDirectoryToTheRoot() throws IOException {
		packaged("application.yml", "udsrpc:\n  app-name: from-yaml\n  daemon:\n    umask: '011'\n");
		packaged("application.properties", "udsrpc.app-name=from-properties\n");
		packaged("config/application.yaml", "udsrpc.daemon.start-timeout: 3s\nudsrpc.daemon.umask: '033'\n");
		packaged("config/application.properties", "udsrpc.daemon.stop-timeout=4s\n");
		assertSameAsSpringBoot();
	}

	@Test
	void prefersFilesBesideTheApplicationToPackagedOnes() throws IOException {
		packaged("application.properties", "udsrpc.app-name=packaged\nudsrpc.daemon.umask=011\n");
		beside("application.properties", "udsrpc.app-name=beside\n");
		beside("config/application.yml", "udsrpc.daemon.start-timeout: 7s\n");
		beside("config/b/application.properties", "udsrpc.daemon.stop-timeout=9s\n");
		beside("config/a/application.properties", "udsrpc.daemon.stop-timeout=8s\nudsrpc.daemon.umask=022\n");
		beside("config/..data/application.properties", "udsrpc.daemon.umask=044\n");
		assertSameAsSpringBoot();
	}

	@Test
	void readsTheFilesOfTheActiveProfiles() throws IOException {
		packaged("application.properties", """
				spring.profiles.active=dev,extra
				udsrpc.app-name=base
				udsrpc.daemon.umask=011
				#---
				spring.config.activate.on-profile=dev
				udsrpc.daemon.start-timeout=11s
				udsrpc.daemon.umask=012
				#---
				spring.config.activate.on-profile=!dev
				udsrpc.daemon.stop-timeout=12s
				""");
		packaged("application-dev.properties", "udsrpc.app-name=dev\nudsrpc.daemon.umask=013\n");
		packaged("config/application-extra.yml", "udsrpc:\n  app-name: extra\n");
		beside("application-dev.properties", "udsrpc.daemon.log-file=/tmp/dev.out\n");
		assertSameAsSpringBoot();
		assertThat(settings().location().appName()).isEqualTo("extra");
	}

	@Test
	void readsTheDefaultProfileWhenNoneIsActive() throws IOException {
		packaged("application.properties", "udsrpc.app-name=base\n");
		packaged("application-default.properties", "udsrpc.app-name=default-profile\n");
		packaged("application.yml", """
				udsrpc.daemon.umask: '001'
				---
				spring.config.activate.on-profile: default
				udsrpc.daemon.umask: '002'
				""");
		assertSameAsSpringBoot();
	}

	@Test
	void takesTheActiveProfilesFromTheEnvironmentAndTheArguments() throws IOException {
		packaged("application-env.properties", "udsrpc.app-name=env\n");
		packaged("application-arg.properties", "udsrpc.app-name=arg\n");
		this.variables.put("SPRING_PROFILES_ACTIVE", "env");
		assertSameAsSpringBoot();
		this.arguments.add("--spring.profiles.active=arg");
		assertSameAsSpringBoot();
	}

	@Test
	void letsArgumentsWinOverSystemPropertiesOverVariablesOverFiles() throws IOException {
		packaged("application.properties", """
				udsrpc.app-name=file
				udsrpc.daemon.umask=001
				udsrpc.daemon.start-timeout=1s
				udsrpc.daemon.stop-timeout=1s
				udsrpc.daemon.environment.A=file
				udsrpc.daemon.environment.B=file
				udsrpc.daemon.arguments[0]=file
				""");
		this.variables.put("UDSRPC_APPNAME", "variable");
		this.variables.put("UDSRPC_DAEMON_UMASK", "002");
		this.variables.put("UDSRPC_DAEMON_START_TIMEOUT", "2s");
		this.variables.put("UDSRPC_DAEMON_ENVIRONMENT_B", "variable");
		this.variables.put("UDSRPC_DAEMON_ARGUMENTS_0", "variable0");
		this.variables.put("UDSRPC_DAEMON_ARGUMENTS_1", "variable1");
		this.variables.put("UDSRPC_DAEMON_JVMOPTIONS", "-Xmx1g,-Xms1g");
		this.systemProperties.put("udsrpc.daemon.umask", "003");
		this.systemProperties.put("udsrpc.daemon.stopTimeout", "3s");
		this.arguments.add("--udsrpc.daemon.umask=004");
		this.arguments.add("--udsrpc.daemon.pid-file=/run/a.pid");
		this.arguments.add("--udsrpc.daemon.pid-file=/run/b.pid");
		this.arguments.add("--udsrpc.daemon.aot-cache=on");
		this.arguments.add("ignored");
		assertSameAsSpringBoot();
	}

	@Test
	void refusesWhatTheBinderRefuses() throws IOException {
		this.arguments.add("--udsrpc.daemon.aot-cache");
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> Binder.get(springBootEnvironment())
			.bind("udsrpc.daemon", Bindable.ofInstance(new DaemonProperties())));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(this::settings)
			.withMessageContaining("udsrpc.daemon.aot-cache");
		this.arguments.set(0, "--udsrpc.daemon.start-timeout=5 s");
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> Binder.get(springBootEnvironment())
			.bind("udsrpc.daemon", Bindable.ofInstance(new DaemonProperties())));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(this::settings)
			.withMessageContaining("udsrpc.daemon.start-timeout");
	}

	@Test
	void readsVariablesInEveryFormTheBinderDoes() throws IOException {
		this.variables.put("SPRING_APPLICATION_NAME", "fromenv");
		this.variables.put("UDSRPC_DAEMON_PID_FILE", "/run/legacy.pid");
		this.variables.put("udsrpc_daemon_log_file", "/run/lower.out");
		this.variables.put("UDSRPC_DAEMON_JVM_OPTIONS_0", "-Xmx2g");
		this.variables.put("UDSRPC_DAEMON_ENVIRONMENT_MY_VAR", "x");
		this.variables.put("UDSRPC_DAEMON_AOTCACHE", "TRUE");
		assertSameAsSpringBoot();
	}

	@Test
	void resolvesPlaceholdersAsTheBinderDoes() throws IOException {
		packaged("application.properties", """
				spring.application.name=myd
				udsrpc.daemon.pid-file=${HOME}/${spring.application.name}.pid
				udsrpc.daemon.log-file=${LOGS:/var/log}/${udsrpc.app-name:${spring.application.name}}.out
				udsrpc.daemon.umask=${missing}
				udsrpc.daemon.environment.KEEP=\\${not.resolved}
				udsrpc.daemon.arguments=--name=${spring.application.name},--two
				""");
		this.variables.put("HOME", "/home/someone");
		assertSameAsSpringBoot();
	}

	@Test
	void leavesWhatOnlySpringBootReadsToIt() throws IOException {
		packaged("application.properties", "spring.config.import=optional:file:/etc/myd.properties\n");
		assertThatExceptionOfType(FullEnvironmentRequiredException.class).isThrownBy(this::load)
			.withMessageContaining("spring.config.");
		Files.delete(this.classpath.resolve("application.properties"));
		this.variables.put("SPRING_APPLICATION_JSON", "{}");
		assertThatExceptionOfType(FullEnvironmentRequiredException.class).isThrownBy(this::load);
		this.variables.clear();
		packaged("application.properties", "spring.profiles.group.prod=a,b\n");
		assertThatExceptionOfType(FullEnvironmentRequiredException.class).isThrownBy(this::load);
		packaged("application.properties", "udsrpc.app-name=${random.uuid}\n");
		assertThatExceptionOfType(FullEnvironmentRequiredException.class).isThrownBy(() -> CommandSettings.of(load()));
	}

	private void packaged(String name, String content) throws IOException {
		write(this.classpath.resolve(name), content);
	}

	private void beside(String name, String content) throws IOException {
		write(this.workingDirectory.resolve(name), content);
	}

	private static void write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	private CommandEnvironment load() throws IOException {
		try (URLClassLoader loader = classLoader()) {
			return CommandEnvironment.load(loader, this.arguments, this.variables, this.systemProperties,
					this.workingDirectory);
		}
	}

	private UdsRpcDaemonSettings settings() throws IOException {
		return CommandSettings.of(load());
	}

	private URLClassLoader classLoader() throws IOException {
		// the test class path has no configuration files of its own
		return new URLClassLoader(new URL[] { this.classpath.toUri().toURL() }, getClass().getClassLoader());
	}

	private void assertSameAsSpringBoot() throws IOException {
		StandardEnvironment environment = springBootEnvironment();
		DaemonProperties expected = Binder.get(environment)
			.bind("udsrpc.daemon", Bindable.ofInstance(new DaemonProperties()))
			.orElseGet(DaemonProperties::new);
		UdsRpcDaemonSettings actual = settings();
		assertThat(actual.properties()).usingRecursiveComparison().isEqualTo(expected);
		assertThat(actual.location().appName()).isEqualTo(UdsRpcDaemonSettings.appName(environment));
		assertThat(actual.location()).isEqualTo(UdsRpcDaemonSettings.of(environment).location());
	}

	private StandardEnvironment springBootEnvironment() throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		Properties properties = new Properties();
		properties.putAll(this.systemProperties);
		sources.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
				new PropertiesPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, properties));
		sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new LinkedHashMap<>(this.variables)));
		sources.addFirst(new SimpleCommandLinePropertySource(this.arguments.toArray(String[]::new)));
		try (URLClassLoader loader = classLoader()) {
			ConfigDataEnvironmentPostProcessor.applyTo(environment, new WorkingDirectoryResourceLoader(loader),
					new DefaultBootstrapContext(), List.of());
		}
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	/**
	 * Resolves relative {@code file:} locations against the test's working directory, as
	 * Spring Boot resolves them against the process's.
	 */
	private final class WorkingDirectoryResourceLoader extends DefaultResourceLoader {

		WorkingDirectoryResourceLoader(ClassLoader classLoader) {
			super(classLoader);
		}

		@Override
		public Resource getResource(String location) {
			return super.getResource(relocate(location));
		}

		private String relocate(String location) {
			if (location.startsWith("file:") && !location.startsWith("file:/")) {
				String relative = location.substring(5);
				relative = relative.startsWith("./") ? relative.substring(2) : relative;
				return "file:" + CommandEnvironmentTests.this.workingDirectory + "/" + relative;
			}
			return location;
		}

	}

}
