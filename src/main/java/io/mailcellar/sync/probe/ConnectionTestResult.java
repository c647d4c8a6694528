package io.mailcellar.sync.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * What a test of a mailbox's settings found: whether it logged in, and what
 * it saw (IMAP: the folders; POP3: the messages waiting), or why it failed in
 * words, with the state a backup would be in.
 *
 * @param state         when it failed: the state a backup would be in (auth-failed, backing-off, throttled)
 * @param folders       IMAP: the folders the account has, by name (at most {@value ConnectionTest#MAX_FOLDERS})
 * @param foldersTotal  IMAP: how many folders it has
 * @param messages      POP3: the messages waiting in the maildrop
 * @param bytes         POP3: their size
 * @param elapsedMillis how long the test took
 */
@Schema(name = "ConnectionTestResult")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionTestResult(boolean ok, String protocol, String host, int port, String state, String reason,
                                   List<String> folders, Integer foldersTotal, Integer messages, Long bytes,
                                   long elapsedMillis) {
}
