package dev.udsrpc.autoconfigure.security;

import java.util.List;

import dev.udsrpc.handler.HandlerRegistry;
import dev.udsrpc.handler.RpcCall;
import dev.udsrpc.handler.UdsRpcHandler;
import dev.udsrpc.protocol.UdsRpcException;
import dev.udsrpc.server.PeerCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link UdsRpcSecurityInterceptor}.
 */
class UdsRpcSecurityInterceptorTests {

	private final HandlerRegistry registry = new HandlerRegistry(JsonMapper.builder().build());

	private final PeerCredentials peer = new PeerCredentials(42, 1000, 1000, List.of(27L, 1000L));

	UdsRpcSecurityInterceptorTests() {
		this.registry.addInterceptor(new UdsRpcSecurityInterceptor(SecurityContextHolder.getContextHolderStrategy(),
				(peer, authorities) -> authorities, (uid) -> "ann"));
		this.registry.registerAnnotated(new Handlers(), "handlers");
	}

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void theHandlerRunsWithTheAuthenticationOfThePeer() throws Exception {
		Authentication authentication = (Authentication) this.registry.get("Current").invoke(call("Current"));
		assertThat(authentication.getPrincipal()).isEqualTo(this.peer);
		assertThat(authentication.getName()).isEqualTo("ann");
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getCredentials()).isNull();
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("UID_1000", "GID_1000", "GID_27");
	}

	@Test
	void theContextIsClearedAfterTheCall() throws Exception {
		this.registry.get("Current").invoke(call("Current"));
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void anAuthenticationOfTheThreadIsRestoredAfterTheCall() throws Exception {
		TestingAuthenticationToken outer = new TestingAuthenticationToken("outer", null);
		SecurityContextHolder.getContext().setAuthentication(outer);
		this.registry.get("Current").invoke(call("Current"));
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(outer);
	}

	@Test
	void accessDeniedIsAnsweredWithMinus32003() {
		assertThatExceptionOfType(UdsRpcException.class)
			.isThrownBy(() -> this.registry.get("Denied").invoke(call("Denied")))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(-32003);
				assertThat(ex.getMessage()).isEqualTo("access denied");
			});
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void aCallWithoutPeerRunsWithoutAuthentication() throws Exception {
		assertThat(this.registry.get("Current").invoke(new RpcCall("Current", null, (type) -> null))).isNull();
	}

	private RpcCall call(String method) {
		return new RpcCall(method, null, (type) -> (type == PeerCredentials.class) ? this.peer : null);
	}

	public static class Handlers {

		@UdsRpcHandler("Current")
		public Authentication current() {
			return SecurityContextHolder.getContext().getAuthentication();
		}

		@UdsRpcHandler("Denied")
		public String denied() {
			throw new AccessDeniedException("Access Denied");
		}

	}

}
