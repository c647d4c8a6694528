package io.mailcellar.sync.imap.command;

import java.util.List;
import java.util.Set;

/**
 * A selectable folder as the server lists it, with its STATUS.
 *
 * @param highestModSeq 0 when the server has no CONDSTORE
 */
public record RemoteFolder(String name, char delimiter, List<String> attributes, long uidValidity, long uidNext,
                           int messages, long highestModSeq) {

    /** RFC 6154 special-use attributes. */
    public static final Set<String> SPECIAL_USES =
            Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash");

    public RemoteFolder {
        attributes = List.copyOf(attributes);
    }

    /**
     * Its name as the server spells it: modified UTF-7 (RFC 3501), which is how these connections name folders
     * (they never enable UTF8=ACCEPT); the canonical encoding of the decoded name.
     */
    public String serverName() {
        return org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder.encode(name);
    }

    /** The folder's special use, e.g. {@code \Sent}, or null. */
    public String specialUse() {
        return attributes.stream().filter(a -> SPECIAL_USES.stream().anyMatch(a::equalsIgnoreCase))
                .findFirst().orElse(null);
    }
}
