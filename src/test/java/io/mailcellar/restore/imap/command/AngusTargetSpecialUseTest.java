package io.mailcellar.restore.imap.command;

import io.mailcellar.testsupport.ScriptedImapServer;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CREATE with special use (RFC 6154) on a server that offers CREATE-SPECIAL-USE. No server at hand has it
 * (Dovecot 2.3 does not), so a scripted one takes the command and records it.
 */
class AngusTargetSpecialUseTest {

    private static AngusTarget connect(ScriptedImapServer server) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "5000");
        properties.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", server.port(), "restore-user", "restore-password");
        return new AngusTarget(store);
    }

    @Test
    void aFolderIsCreatedWithItsSpecialUseInModifiedUtf7() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer("IMAP4rev1 LITERAL+ UIDPLUS CREATE-SPECIAL-USE")) {
            AngusTarget target = connect(server);
            target.create("Archiv/Größe", "\\Archive");
            // Whatever a snapshot says the special use is, only its letters and backslash reach the wire.
            target.create("Gesendet", "\\Sent)) \"x\r\nA1 DELETE INBOX");
            target.close();

            assertThat(server.commands()).contains("CREATE \"Archiv/Gr&APYA3w-e\" (USE (\\Archive))",
                    "CREATE \"Gesendet\" (USE (\\SentxADELETEINBOX))");
            assertThat(server.commands()).noneMatch(command -> command.startsWith("DELETE"));
        }
    }
}
