package io.mailcellar.sync.imap.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteFolderTest {

    @Test
    void theServerSpellsNamesInModifiedUtf7() {
        assertThat(folder("Projekte/Größe").serverName()).isEqualTo("Projekte/Gr&APYA3w-e");
        assertThat(folder("Tom & Jerry").serverName()).isEqualTo("Tom &- Jerry");
        assertThat(folder("INBOX").serverName()).isEqualTo("INBOX");
    }

    private static RemoteFolder folder(String name) {
        return new RemoteFolder(name, '/', List.of(), 1, 1, 0, 0);
    }
}
