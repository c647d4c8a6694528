package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code UID FETCH set (UID RFC822.SIZE)}: the sizes of messages, to plan the
 * fetch batches. The list must be whole, as the cursor moves past what it
 * does not name: an answer that cannot be read fails the command.
 */
public final class UidFetchSizes {

    private UidFetchSizes() {
    }

    /** UID to RFC822.SIZE of the messages of the open folder with a UID at or above {@code from}. */
    public static SortedMap<Long, Long> from(IMAPFolder folder, long from) throws MessagingException {
        return fetch(folder, from + ":*", from);
    }

    /** UID to RFC822.SIZE of those of the UIDs the open folder still has. */
    public static SortedMap<Long, Long> of(IMAPFolder folder, Collection<Long> uids) throws MessagingException {
        return uids.isEmpty() ? new TreeMap<>() : fetch(folder, UidSets.of(List.copyOf(new TreeSet<>(uids))), 0);
    }

    private static SortedMap<Long, Long> fetch(IMAPFolder folder, String set, long from) throws MessagingException {
        SortedMap<Long, Long> sizes = new TreeMap<>();
        List<String> unparsed = new ArrayList<>();
        StreamedCommand.fetch(folder, "UID FETCH " + set + " (UID RFC822.SIZE)", response -> {
            UID uid = response.getItem(UID.class);
            RFC822SIZE size = response.getItem(RFC822SIZE.class);
            // A server answers n:* with the last message even when its UID is below n.
            if (uid != null && size != null && uid.uid >= from) {
                sizes.put(uid.uid, size.size);
            }
        }, unparsed::add);
        if (!unparsed.isEmpty()) {
            throw new MessagingException("the server's list of message sizes could not be read ("
                    + unparsed.get(0) + "); the folder is tried again next run");
        }
        return sizes;
    }
}
