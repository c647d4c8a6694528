package io.mailcellar.testsupport;

import io.mailcellar.testsupport.RawImapClient.RawMessage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the archive in the bucket against what the IMAP server returns. */
public final class ArchivedMessages {

    private ArchivedMessages() {
    }

    public static String prefix(String mailboxId) {
        return "mailboxes/" + mailboxId + "/messages/";
    }

    /** Each message's object exists under its digest and holds exactly the server's BODY[] bytes. */
    public static void assertByteExact(S3Objects s3, String mailboxId, Collection<RawMessage> onServer) {
        for (RawMessage message : onServer) {
            String key = key(mailboxId, message.body());
            assertThat(s3.read(key)).as("archived bytes of UID %d", message.uid()).isEqualTo(message.body());
        }
    }

    /** Where the message with these bytes is archived. */
    public static String key(String mailboxId, byte[] bytes) {
        String sha = sha256(bytes);
        return prefix(mailboxId) + sha.substring(0, 2) + "/" + sha + ".eml";
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
