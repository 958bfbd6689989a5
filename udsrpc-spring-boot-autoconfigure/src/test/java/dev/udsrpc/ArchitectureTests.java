package dev.udsrpc;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slice;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules of the Spring-free core.
 */
class ArchitectureTests {

	private static final String[] CORE = { "dev.udsrpc.protocol..", "dev.udsrpc.handler..", "dev.udsrpc.server..",
			"dev.udsrpc.client..", "dev.udsrpc.daemon..", "dev.udsrpc.discovery.." };

	private static final Set<String> CORE_NAMES = Set.of("protocol", "handler", "server", "client", "daemon",
			"discovery");

	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.udsrpc");

	@Test
	void mainClassesAreImported() {
		// guards the other rules against passing on an empty import
		classes().that()
			.resideInAnyPackage("dev.udsrpc.protocol..", "dev.udsrpc.handler..", "dev.udsrpc.server..",
					"dev.udsrpc.daemon..")
			.should()
			.resideInAPackage("dev.udsrpc..")
			.check(MAIN_CLASSES);
	}

	@Test
	void coreDoesNotDependOnSpring() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(MAIN_CLASSES);
	}

	@Test
	void coreDoesNotDependOnMicrometer() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.micrometer..")
			.check(MAIN_CLASSES);
	}

	@Test
	void onlyDiscoveryUsesTheJsonSchemaGenerator() {
		noClasses().that()
			.resideOutsideOfPackage("dev.udsrpc.discovery..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.github.victools..")
			.check(MAIN_CLASSES);
	}

	@Test
	void protocolDependsOnlyOnJavaJacksonAndJSpecify() {
		classes().that()
			.resideInAPackage("dev.udsrpc.protocol..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("dev.udsrpc.protocol..", "java..", "tools.jackson..", "org.jspecify..")
			.check(MAIN_CLASSES);
	}

	@Test
	void protocolDependsOnNeitherHandlerNorServer() {
		noClasses().that()
			.resideInAPackage("dev.udsrpc.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.udsrpc.handler..", "dev.udsrpc.server..", "dev.udsrpc.client..",
					"dev.udsrpc.daemon..", "dev.udsrpc.context..", "dev.udsrpc.autoconfigure..")
			.check(MAIN_CLASSES);
	}

	@Test
	void handlerDoesNotDependOnServer() {
		noClasses().that()
			.resideInAPackage("dev.udsrpc.handler..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.udsrpc.server..", "dev.udsrpc.client..", "dev.udsrpc.context..",
					"dev.udsrpc.autoconfigure..")
			.check(MAIN_CLASSES);
	}

	@Test
	void corePackagesAreFreeOfCycles() {
		slices().matching("dev.udsrpc.(*)..")
			.that(DescribedPredicate.describe("are core packages",
					(Slice slice) -> CORE_NAMES.contains(slice.getNamePart(1))))
			.should()
			.beFreeOfCycles()
			.check(MAIN_CLASSES);
	}

	@Test
	void onlyTheCoreThatTalksOverSocketsUsesJunixsocket() {
		noClasses().that()
			.resideOutsideOfPackages("dev.udsrpc.server..", "dev.udsrpc.client..", "dev.udsrpc.daemon..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.newsclub..")
			.check(MAIN_CLASSES);
	}

	@Test
	void onlySignalHandlersUsesSunMisc() {
		noClasses().that()
			.haveNameNotMatching("dev\\.udsrpc\\.daemon\\.internal\\.SignalHandlers(\\$.*)?")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("sun.misc..")
			.check(MAIN_CLASSES);
	}

	@Test
	void signalHandlersLivesInDaemonPackage() {
		classes().that()
			.haveSimpleName("SignalHandlers")
			.should()
			.resideInAPackage("dev.udsrpc.daemon.internal")
			.allowEmptyShould(true)
			.check(MAIN_CLASSES);
	}

}
