package dev.udsrpc.context;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the daemon is asked to reload its configuration (SIGHUP or the
 * {@code reload} command). When every listener returns normally, a {@code ConfigReloaded}
 * event is broadcast to the clients.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcReloadEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String cause;

	/**
	 * Create a new event.
	 * @param source the object that triggered the reload
	 * @param cause what asked for the reload, such as {@code "SIGHUP"}
	 */
	public UdsRpcReloadEvent(Object source, String cause) {
		super(source);
		this.cause = cause;
	}

	/**
	 * Return what asked for the reload.
	 * @return the cause, such as {@code "SIGHUP"}
	 */
	public String getCause() {
		return this.cause;
	}

}
