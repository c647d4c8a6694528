package io.mailcellar.archive.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * One message of a folder tree, as docs/archive-format.md describes it. An
 * IMAP message is named by {@code uid}; a POP3 message by {@code uidl}, with
 * {@code n}, the order in which mailcellar first saw it, as its place in the
 * tree, and {@code firstSeen}. {@code flags} are the system flags
 * ({@code \Seen}, ...), {@code keywords} the others; From, Subject, Date and
 * Message-ID come from its header ({@link MessageHeader}). {@code deletedFromServer}
 * (POP3, present only when true): mailcellar deleted it from the server once
 * its archived copy was verified; the archive keeps it as the mailbox's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TreeMessage(
        Long uid,
        Long n,
        String uidl,
        String sha256,
        long size,
        Instant internalDate,
        Instant firstSeen,
        Boolean deletedFromServer,
        List<String> flags,
        List<String> keywords,
        String from,
        String subject,
        String date,
        String messageId) {

    public TreeMessage {
        flags = flags == null ? List.of() : List.copyOf(flags);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    private TreeMessage(Long uid, Long n, String uidl, String sha256, long size, Instant internalDate,
                        Instant firstSeen, List<String> flags, List<String> keywords, MessageHeader header) {
        this(uid, n, uidl, sha256, size, internalDate, firstSeen, null, flags, keywords, header.from(),
                header.subject(), header.date(), header.messageId());
    }

    /** From, Subject, Date and Message-ID. */
    MessageHeader header() {
        return new MessageHeader(from, subject, date, messageId);
    }

    /** An IMAP message. */
    static TreeMessage imap(long uid, String sha256, long size, Instant internalDate, List<String> flags,
                            MessageHeader header) {
        return new TreeMessage(uid, null, null, sha256, size, internalDate, null, systemFlags(flags),
                keywords(flags), header);
    }

    /** A POP3 message, the {@code n}-th mailcellar saw in the maildrop. */
    static TreeMessage pop3(long n, String uidl, String sha256, long size, Instant firstSeen, MessageHeader header) {
        return new TreeMessage(null, n, uidl, sha256, size, null, firstSeen, List.of(), List.of(), header);
    }

    /** Its place in its folder's tree: the UID, or for POP3 the order it was first seen in. */
    long key() {
        return uid != null ? uid : n;
    }

    TreeMessage withFlags(List<String> all) {
        return new TreeMessage(uid, n, uidl, sha256, size, internalDate, firstSeen, deletedFromServer,
                systemFlags(all), keywords(all), from, subject, date, messageId);
    }

    TreeMessage withUid(long newUid) {
        return new TreeMessage(newUid, n, uidl, sha256, size, internalDate, firstSeen, deletedFromServer, flags,
                keywords, from, subject, date, messageId);
    }

    /** POP3: the same message, deleted from the server by mailcellar. */
    TreeMessage asDeletedFromServer() {
        return new TreeMessage(uid, n, uidl, sha256, size, internalDate, firstSeen, Boolean.TRUE, flags, keywords,
                from, subject, date, messageId);
    }

    /** Whether mailcellar deleted it from the server (POP3). */
    boolean isDeletedFromServer() {
        return Boolean.TRUE.equals(deletedFromServer);
    }

    private static List<String> systemFlags(List<String> all) {
        return all.stream().filter(flag -> flag.startsWith("\\")).sorted().toList();
    }

    private static List<String> keywords(List<String> all) {
        return all.stream().filter(flag -> !flag.startsWith("\\")).sorted().toList();
    }
}
