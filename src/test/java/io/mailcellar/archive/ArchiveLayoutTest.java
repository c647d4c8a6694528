package io.mailcellar.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveLayoutTest {

    private static final String SHA = "3cef34a3a56c55d33ac1f42fc759c22d5c328ae29d3d93cc74edcd911584038b";

    @Test
    void messagesAreContentAddressedUnderTheirMailbox() {
        assertThat(new ArchiveLayout("").messageKey("mb-1", SHA))
                .isEqualTo("mailboxes/mb-1/messages/3c/" + SHA + ".eml");
        assertThat(new ArchiveLayout("prod/").messageKey("mb-1", SHA))
                .isEqualTo("prod/mailboxes/mb-1/messages/3c/" + SHA + ".eml");
    }

    @Test
    void onlyLowerCaseHexDigestsNameObjects() {
        ArchiveLayout layout = new ArchiveLayout("");
        assertThatThrownBy(() -> layout.messageKey("mb-1", SHA.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.messageKey("mb-1", "../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sha256IsLowerCaseHex() {
        assertThat(Sha256.of(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void mailboxFoldersNameTheirMailbox() {
        ArchiveLayout layout = new ArchiveLayout("prod/");
        assertThat(layout.mailboxesPrefix()).isEqualTo("prod/mailboxes/");
        assertThat(layout.mailboxIdOf("prod/mailboxes/mb-1/")).isEqualTo("mb-1");
        assertThat(layout.mailboxIdOf("prod/mailboxes/")).isNull();
        assertThat(layout.mailboxIdOf("prod/mailboxes/mb-1/messages/")).isNull();
        assertThat(layout.mailboxIdOf("other/mailboxes/mb-1/")).isNull();
    }
}
