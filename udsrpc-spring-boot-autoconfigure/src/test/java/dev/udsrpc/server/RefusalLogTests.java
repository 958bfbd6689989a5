package dev.udsrpc.server;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefusalLog}.
 */
class RefusalLogTests {

	private static final PeerCredentials PEER = new PeerCredentials(42, 1000, 1000);

	private final List<String> lines = new ArrayList<>();

	private final RefusalLog log = new RefusalLog(this.lines::add);

	@Test
	void logsTheFirstRefusalOfAUserAndCountsTheRest() {
		for (int i = 0; i < 20_000; i++) {
			this.log.refused(PEER, "not-allowed", "its user is not allowed", 0);
		}
		assertThat(this.lines).hasSize(1);
		assertThat(this.lines.get(0)).contains("pid 42, uid 1000, gid 1000").contains("not allowed");
		assertThat(this.log.nextSummary()).isEqualTo(RefusalLog.INTERVAL_NANOS);
		this.log.summarize(RefusalLog.INTERVAL_NANOS - 1);
		assertThat(this.lines).hasSize(1);
		this.log.summarize(RefusalLog.INTERVAL_NANOS);
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).contains("Refused 19999 more").contains("uid 1000").contains("not-allowed");
	}

	@Test
	void stopsWakingUpOnceAUserIsQuietForAnInterval() {
		this.log.refused(PEER, "not-allowed", "its user is not allowed", 0);
		this.log.refused(PEER, "not-allowed", "its user is not allowed", 1);
		this.log.summarize(RefusalLog.INTERVAL_NANOS);
		assertThat(this.log.nextSummary()).isEqualTo(2 * RefusalLog.INTERVAL_NANOS);
		this.log.summarize(2 * RefusalLog.INTERVAL_NANOS);
		assertThat(this.log.nextSummary()).isEqualTo(InputLimits.NONE);
		assertThat(this.lines).hasSize(2);
		// forgotten: the next refusal is logged in full again
		this.log.refused(PEER, "not-allowed", "its user is not allowed", 3 * RefusalLog.INTERVAL_NANOS);
		assertThat(this.lines).hasSize(3);
	}

	@Test
	void logsEachUserAndReasonOnce() {
		this.log.refused(PEER, "limit", "the limit is reached", 0);
		this.log.refused(new PeerCredentials(43, 1001, 1001), "limit", "the limit is reached", 0);
		this.log.refused(PEER, "uid-limit", "its user has too many", 0);
		this.log.refused(null, "credentials", "its credentials cannot be read", 0);
		this.log.refused(PEER, "limit", "the limit is reached", 0);
		assertThat(this.lines).hasSize(4);
	}

	@Test
	void countsManyUsersTogetherBeyondThoseItTracks() {
		for (int uid = 0; uid < 5000; uid++) {
			this.log.refused(new PeerCredentials(1, uid, uid), "not-allowed", "its user is not allowed", 0);
		}
		assertThat(this.lines).hasSizeLessThanOrEqualTo(1025);
		this.log.summarize(RefusalLog.INTERVAL_NANOS);
		assertThat(this.lines.get(this.lines.size() - 1)).contains("other users");
	}

}
