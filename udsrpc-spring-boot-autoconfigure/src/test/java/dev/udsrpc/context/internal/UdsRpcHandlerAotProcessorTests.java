package dev.udsrpc.context.internal;

import java.util.List;
import java.util.concurrent.CompletionStage;

import dev.udsrpc.context.DaemonProperties;
import dev.udsrpc.context.internal.UdsRpcRuntimeHints;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.server.UdsRpcConnection;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link UdsRpcHandlerAotProcessor} and {@link UdsRpcRuntimeHints}.
 */
class UdsRpcHandlerAotProcessorTests {

	@Test
	void isRegisteredForSpringAot() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(UdsRpcHandlerAotProcessor.class);
	}

	@Test
	void registersTheHandlerMethodsAndTheTypesTheyBindAndReturn() throws Exception {
		RuntimeHints hints = process(Handlers.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "echo")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "later")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "notAHandler"))
			.rejects(hints);
		for (Class<?> type : List.of(Message.class, Reply.class, Item.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
		}
	}

	@Test
	void contributesNothingForABeanWithoutHandlers() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(String.class));
		assertThat(new UdsRpcHandlerAotProcessor().processAheadOfTime(RegisteredBean.of(beanFactory, "plain")))
			.isNull();
	}

	@Test
	void registersWhatTheCommandsBindByReflection() {
		RuntimeHints hints = new RuntimeHints();
		new UdsRpcRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(DaemonProperties.class, "setPidFile"))
			.accepts(hints);
	}

	private static RuntimeHints process(Class<?> beanClass) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("handlers", new RootBeanDefinition(beanClass));
		BeanRegistrationAotContribution contribution = new UdsRpcHandlerAotProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "handlers"));
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("dev.udsrpc.test", "Application")), new InMemoryGeneratedFiles());
		contribution.applyTo(generationContext, mock());
		return generationContext.getRuntimeHints();
	}

	static class Handlers {

		@UdsRpcHandler("Echo")
		public Reply echo(Message message, UdsRpcConnection connection) {
			return new Reply(message.text());
		}

		@UdsRpcHandler
		public CompletionStage<List<Item>> later() {
			return null;
		}

		public String notAHandler() {
			return "";
		}

	}

	record Message(String text) {

	}

	record Reply(String text) {

	}

	record Item(String name) {

	}

}
