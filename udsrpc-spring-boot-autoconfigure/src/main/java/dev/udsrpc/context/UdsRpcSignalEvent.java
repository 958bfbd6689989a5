package dev.udsrpc.context;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the daemon receives {@code SIGUSR1} or {@code SIGUSR2}, for applications
 * that give those signals a meaning (reopen files, dump state, …).
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
public class UdsRpcSignalEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String signal;

	/**
	 * Create a new event.
	 * @param source the component that received the signal
	 * @param signal the signal name without {@code SIG}, such as {@code "USR1"}
	 */
	public UdsRpcSignalEvent(Object source, String signal) {
		super(source);
		this.signal = signal;
	}

	/**
	 * Return the signal.
	 * @return the signal name without {@code SIG}, such as {@code "USR1"}
	 */
	public String getSignal() {
		return this.signal;
	}

}
