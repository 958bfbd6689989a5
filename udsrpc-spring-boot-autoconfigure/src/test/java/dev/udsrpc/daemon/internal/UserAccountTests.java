package dev.udsrpc.daemon.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link UserAccount}.
 */
class UserAccountTests {

	@Test
	void parsesAPasswdEntry() {
		assertThat(UserAccount.parse("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"))
			.isEqualTo(new UserAccount("nobody", 65534, 65534, Path.of("/nonexistent"), "/usr/sbin/nologin"));
		assertThatIllegalArgumentException().isThrownBy(() -> UserAccount.parse("nobody:x:abc"))
			.withMessage("Not a passwd entry: 'nobody:x:abc'");
	}

	@Test
	void looksUpUsersByNameOrUid() {
		UserAccount root = UserAccount.lookup("root");
		assertThat(root.uid()).isZero();
		assertThat(root.gid()).isZero();
		assertThat(UserAccount.lookup("0").name()).isEqualTo("root");
	}

	@Test
	void refusesAnUnknownOrMalformedUser() {
		assertThatIllegalArgumentException().isThrownBy(() -> UserAccount.lookup("no-such-user-here"))
			.withMessage("No user 'no-such-user-here' in the user database");
		assertThatIllegalArgumentException().isThrownBy(() -> UserAccount.lookup("--help"))
			.withMessage("'--help' is not a valid user name");
		assertThatIllegalArgumentException().isThrownBy(() -> UserAccount.lookup("a b"))
			.withMessage("'a b' is not a valid user name");
	}

	@Test
	void looksUpGroupsByNameOrGid() {
		assertThat(UserAccount.groupId("root")).isZero();
		assertThat(UserAccount.groupId("4242")).isEqualTo(4242);
		assertThatIllegalArgumentException().isThrownBy(() -> UserAccount.groupId("no-such-group-here"))
			.withMessage("No group 'no-such-group-here' in the group database");
	}

	@Test
	void runsWithAnotherGroup() {
		UserAccount account = new UserAccount("svc", 1001, 1001, Path.of("/home/svc"), "/bin/sh").withGid(4);
		assertThat(account.gid()).isEqualTo(4);
		assertThat(account.uid()).isEqualTo(1001);
	}

}
