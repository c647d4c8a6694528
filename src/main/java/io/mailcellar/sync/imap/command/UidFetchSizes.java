package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.util.SortedMap;
import java.util.TreeMap;

/** {@code UID FETCH n:* (UID RFC822.SIZE)}: the sizes of the messages from a UID on, to plan the fetch batches. */
public final class UidFetchSizes {

    private UidFetchSizes() {
    }

    /** UID to RFC822.SIZE of the messages of the open folder with a UID at or above {@code from}. */
    public static SortedMap<Long, Long> from(IMAPFolder folder, long from) throws MessagingException {
        SortedMap<Long, Long> sizes = new TreeMap<>();
        StreamedCommand.fetch(folder, "UID FETCH " + from + ":* (UID RFC822.SIZE)", response -> {
            UID uid = response.getItem(UID.class);
            RFC822SIZE size = response.getItem(RFC822SIZE.class);
            // A server answers n:* with the last message even when its UID is below n.
            if (uid != null && size != null && uid.uid >= from) {
                sizes.put(uid.uid, size.size);
            }
        });
        return sizes;
    }
}
