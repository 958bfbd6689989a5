package dev.udsrpc;

import java.util.LinkedHashSet;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import com.tngtech.archunit.core.domain.properties.HasModifiers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Architecture rules of the Spring-free core and of the public API.
 */
class ArchitectureTests {

	/**
	 * The public API outside {@code dev.udsrpc.autoconfigure..} (whose types Spring Boot
	 * keeps public): the types users name, the documented extension points and the types
	 * their public signatures take or return. A new public type is either added here,
	 * which makes it API, or goes to an {@code internal} package.
	 */
	private static final Set<String> PUBLIC_API = Set.of(
			// the client
			"dev.udsrpc.client.UdsRpcClient", "dev.udsrpc.client.UdsRpcTimeoutException",
			// Spring glue: entry point, events, replaceable beans, bound properties
			"dev.udsrpc.context.DaemonProperties", "dev.udsrpc.context.UdsRpcApplication",
			"dev.udsrpc.context.UdsRpcConnectionClosedEvent", "dev.udsrpc.context.UdsRpcConnectionOpenedEvent",
			"dev.udsrpc.context.UdsRpcReloadEvent", "dev.udsrpc.context.UdsRpcReloadTrigger",
			"dev.udsrpc.context.UdsRpcServerLifecycle", "dev.udsrpc.context.UdsRpcSignalEvent",
			// where a daemon lives, systemd, and what failure analyzers explain
			"dev.udsrpc.daemon.AlreadyRunningException", "dev.udsrpc.daemon.DaemonFileException",
			"dev.udsrpc.daemon.DaemonLocation", "dev.udsrpc.daemon.NotASocketException",
			"dev.udsrpc.daemon.SocketPathTooLongException", "dev.udsrpc.daemon.SystemdNotifier",
			"dev.udsrpc.daemon.UnsafeRuntimeDirectoryException", "dev.udsrpc.daemon.UntrustedDaemonException",
			// rpc.discover, registered like any handler
			"dev.udsrpc.discovery.UdsRpcDiscoveryHandler",
			// the programming model and its extension points
			"dev.udsrpc.handler.ArgumentResolver", "dev.udsrpc.handler.HandlerInterceptor",
			"dev.udsrpc.handler.HandlerInvocation", "dev.udsrpc.handler.HandlerMethod",
			"dev.udsrpc.handler.HandlerRegistry", "dev.udsrpc.handler.RpcCall", "dev.udsrpc.handler.UdsRpcHandler",
			"dev.udsrpc.handler.UdsRpcParam",
			// what handlers throw and what resolvers and observers see of a message
			"dev.udsrpc.protocol.Dialect", "dev.udsrpc.protocol.ErrorCodes", "dev.udsrpc.protocol.RpcId",
			"dev.udsrpc.protocol.RpcParams", "dev.udsrpc.protocol.UdsRpcException",
			// the server, its connections and what listens to them
			"dev.udsrpc.server.PeerCredentials", "dev.udsrpc.server.UdsRpcCallObserver",
			"dev.udsrpc.server.UdsRpcConnection", "dev.udsrpc.server.UdsRpcConnectionListener",
			"dev.udsrpc.server.UdsRpcServer");

	private static final DescribedPredicate<JavaClass> LISTED_IN_PUBLIC_API = DescribedPredicate
		.describe("listed in PUBLIC_API", (type) -> PUBLIC_API.contains(type.getName()));

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

	@Test
	void publicTypesOutsideInternalPackagesAreThePublicApi() {
		classes().that()
			.arePublic()
			.and()
			.areTopLevelClasses()
			.and()
			.resideOutsideOfPackages("..internal..", "dev.udsrpc.autoconfigure..")
			.should(ArchCondition.from(LISTED_IN_PUBLIC_API.as("be listed in PUBLIC_API")))
			.because("a public type is API unless it lives in an internal package")
			.check(MAIN_CLASSES);
	}

	@Test
	void everyTypeOfThePublicApiIsPublic() {
		classes().that(LISTED_IN_PUBLIC_API.as("are listed in PUBLIC_API"))
			.should()
			.bePublic()
			.andShould()
			.resideOutsideOfPackage("..internal..")
			.check(MAIN_CLASSES);
		assertThat(PUBLIC_API).allSatisfy((name) -> assertThat(MAIN_CLASSES.contain(name)).as(name).isTrue());
	}

	@Test
	void publicApiExposesNoInternalType() {
		classes().that(DescribedPredicate.describe("are public API", ArchitectureTests::isPublicApi))
			.should(exposeOnlyPublicApiTypes())
			.check(MAIN_CLASSES);
	}

	/**
	 * Return whether a type is public API: accessible from other packages (public, or
	 * protected inside such a type) and not in an {@code internal} package.
	 */
	private static boolean isPublicApi(JavaClass type) {
		JavaClass base = type.getBaseComponentType();
		if ((base.getPackageName() + ".").contains(".internal.")) {
			return false;
		}
		for (JavaClass current = base; current != null; current = current.getEnclosingClass().orElse(null)) {
			if (!isAccessible(current)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAccessible(HasModifiers element) {
		Set<JavaModifier> modifiers = element.getModifiers();
		return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
				&& !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
	}

	/**
	 * A condition on the supertypes and the public and protected constructors, methods
	 * and fields of a type: every udsrpc type they name, type arguments and thrown
	 * exceptions included, must be public API too.
	 */
	private static ArchCondition<JavaClass> exposeOnlyPublicApiTypes() {
		return new ArchCondition<>("expose only public API types of udsrpc in their signatures") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				type.getSuperclass().ifPresent((superclass) -> check(type, "extends", Set.of(superclass), events));
				check(type, "implements", type.getInterfaces(), events);
				for (JavaMember member : type.getMembers()) {
					if (isAccessible(member)) {
						check(type, member.getFullName(), signatureTypes(member), events);
					}
				}
			}

			private void check(JavaClass type, String where, Iterable<? extends JavaType> signature,
					ConditionEvents events) {
				for (JavaType part : signature) {
					for (JavaClass involved : part.getAllInvolvedRawTypes()) {
						JavaClass exposed = involved.getBaseComponentType();
						if (exposed.getPackageName().startsWith("dev.udsrpc.") && !isPublicApi(exposed)) {
							events.add(SimpleConditionEvent.violated(type,
									where + " exposes " + exposed.getName() + ", which is not public API"));
						}
					}
				}
			}

		};
	}

	private static Set<JavaType> signatureTypes(JavaMember member) {
		Set<JavaType> types = new LinkedHashSet<>();
		if (member instanceof JavaField field) {
			types.add(field.getType());
		}
		if (member instanceof JavaCodeUnit codeUnit) {
			types.add(codeUnit.getReturnType());
			types.addAll(codeUnit.getParameterTypes());
			for (ThrowsDeclaration<?> declaration : codeUnit.getThrowsClause()) {
				types.add(declaration.getRawType());
			}
		}
		return types;
	}

}
