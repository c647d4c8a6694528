package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code UID FETCH a:b (UID FLAGS)}: the flags of known messages, on a server without QRESYNC. */
public final class UidFetchFlags {

    private UidFetchFlags() {
    }

    /** UID to flags of the messages of the open folder with a UID in [from, to]. */
    public static Map<Long, List<String>> between(IMAPFolder folder, long from, long to) throws MessagingException {
        Map<Long, List<String>> flags = new TreeMap<>();
        if (to < from) {
            return flags;
        }
        StreamedCommand.fetch(folder, "UID FETCH " + from + ":" + to + " (UID FLAGS)", response ->
                read(response).filter(uid -> uid.getKey() >= from && uid.getKey() <= to)
                        .ifPresent(uid -> flags.put(uid.getKey(), uid.getValue())));
        return flags;
    }

    /** A response's UID and flags, when it has both. */
    public static Optional<Map.Entry<Long, List<String>>> read(FetchResponse response) {
        UID uid = response.getItem(UID.class);
        FLAGS itemFlags = response.getItem(FLAGS.class);
        if (uid == null || itemFlags == null) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(uid.uid, FlagNames.of(itemFlags)));
    }
}
