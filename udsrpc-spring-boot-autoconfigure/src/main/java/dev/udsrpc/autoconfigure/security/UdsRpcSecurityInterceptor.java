package dev.udsrpc.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import dev.udsrpc.daemon.internal.UserAccount;
import dev.udsrpc.handler.HandlerInterceptor;
import dev.udsrpc.handler.HandlerInvocation;
import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.UdsRpcException;
import dev.udsrpc.server.PeerCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.Assert;

/**
 * Runs each handler invocation with a {@link UdsRpcPeerAuthentication} of the connected
 * peer in the security context, so that method security ({@code @PreAuthorize} and the
 * like) applies to handlers, and answers {@link AccessDeniedException} with
 * {@code -32003 access denied}.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcSecurityInterceptor implements HandlerInterceptor, Ordered {

	/**
	 * The order of this interceptor: outside the one that validates arguments.
	 */
	public static final int ORDER = -100;

	private static final int MAX_CACHED_NAMES = 1024;

	private static final Log logger = LogFactory.getLog(UdsRpcSecurityInterceptor.class);

	private final SecurityContextHolderStrategy strategy;

	private final UdsRpcAuthoritiesMapper mapper;

	private final LongFunction<String> userNames;

	private final Map<Long, String> names = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param strategy the strategy that holds the security context
	 * @param mapper maps the authorities of each peer
	 */
	public UdsRpcSecurityInterceptor(SecurityContextHolderStrategy strategy, UdsRpcAuthoritiesMapper mapper) {
		this(strategy, mapper, UdsRpcSecurityInterceptor::userName);
	}

	UdsRpcSecurityInterceptor(SecurityContextHolderStrategy strategy, UdsRpcAuthoritiesMapper mapper,
			LongFunction<String> userNames) {
		Assert.notNull(strategy, "'strategy' must not be null");
		Assert.notNull(mapper, "'mapper' must not be null");
		this.strategy = strategy;
		this.mapper = mapper;
		this.userNames = userNames;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public @Nullable Object intercept(HandlerInvocation invocation) throws Exception {
		PeerCredentials peer = invocation.call().context(PeerCredentials.class);
		if (peer == null) {
			return invocation.proceed();
		}
		SecurityContext previous = this.strategy.getContext();
		SecurityContext context = this.strategy.createEmptyContext();
		context.setAuthentication(authentication(peer));
		this.strategy.setContext(context);
		try {
			return invocation.proceed();
		}
		catch (AccessDeniedException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Denied '" + invocation.handler().name() + "' to pid " + peer.pid() + ", uid " + peer.uid()
						+ ": " + ex.getMessage());
			}
			throw new UdsRpcException(ErrorCodes.ACCESS_DENIED, "access denied");
		}
		finally {
			// a worker thread keeps no context of a call once it is done
			if (previous.getAuthentication() != null) {
				this.strategy.setContext(previous);
			}
			else {
				this.strategy.clearContext();
			}
		}
	}

	private Authentication authentication(PeerCredentials peer) {
		List<GrantedAuthority> authorities = new ArrayList<>(2 + peer.groups().size());
		authorities.add(new SimpleGrantedAuthority("UID_" + peer.uid()));
		authorities.add(new SimpleGrantedAuthority("GID_" + peer.gid()));
		for (long group : peer.groups()) {
			if (group != peer.gid()) {
				authorities.add(new SimpleGrantedAuthority("GID_" + group));
			}
		}
		return new UdsRpcPeerAuthentication(peer, name(peer.uid()), this.mapper.mapAuthorities(peer, authorities));
	}

	private String name(long uid) {
		String name = this.names.get(uid);
		if (name == null) {
			name = this.userNames.apply(uid);
			if (this.names.size() < MAX_CACHED_NAMES) {
				this.names.put(uid, name);
			}
		}
		return name;
	}

	private static String userName(long uid) {
		try {
			return UserAccount.lookup(Long.toString(uid)).name();
		}
		catch (RuntimeException ex) {
			// not in the user database
			return Long.toString(uid);
		}
	}

}
