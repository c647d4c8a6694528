package io.mailcellar.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailcellar.archive.snapshot.TreeMessage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * One message of a snapshot's folder. {@code from}, {@code subject} and {@code date} are read from its stored
 * header (decoded, cut at 512 characters; absent when the header lacks them). {@code GET
 * /api/v1/mailboxes/{id}/messages/{sha256}} gives its bytes.
 *
 * @param uid               IMAP: its UID in the folder
 * @param uidl              POP3: its UIDL
 * @param internalDate      IMAP: its INTERNALDATE
 * @param firstSeen         POP3: when mailcellar first saw it
 * @param flags             system flags ({@code \Seen}, ...)
 * @param keywords          other flags ({@code $Forwarded}, ...)
 * @param deletedFromServer POP3: mailcellar deleted it from the server once archived (present only when true)
 */
@Schema(name = "MessageSummary")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageSummary(String sha256, Long uid, String uidl, long size, Instant internalDate,
                             Instant firstSeen, List<String> flags, List<String> keywords, String from,
                             String subject, String date, String messageId, Boolean deletedFromServer) {

    static MessageSummary of(TreeMessage message) {
        return new MessageSummary(message.sha256(), message.uid(), message.uidl(), message.size(),
                message.internalDate(), message.firstSeen(), message.flags(), message.keywords(), message.from(),
                message.subject(), message.date(), message.messageId(), message.deletedFromServer());
    }
}
