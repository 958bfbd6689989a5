package dev.udsrpc.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sample is a user's application: it is written against the public API of udsrpc
 * alone. Its tests, which also probe the daemon's files, are left out.
 */
class MydArchitectureTests {

	private static final JavaClasses SAMPLE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.udsrpc.sample");

	@Test
	void usesNoInternalTypeOfUdsrpc() {
		noClasses().that()
			.resideInAPackage("dev.udsrpc.sample..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.udsrpc..internal..")
			.check(SAMPLE);
	}

}
