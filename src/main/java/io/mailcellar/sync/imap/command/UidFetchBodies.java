package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code UID FETCH set (UID FLAGS INTERNALDATE BODY.PEEK[])} in batches of
 * whole UID ranges on an open (EXAMINEd) folder: one round trip per batch, not
 * per message. Bodies are the server's bytes, untouched, and {@code \Seen} is
 * never set.
 */
public final class UidFetchBodies {

    /** One fetched message: the body is {@code length} bytes of {@code bytes} from {@code offset}. */
    public record FetchedMessage(long uid, List<String> flags, Instant internalDate, byte[] bytes, int offset,
                                 int length) {
    }

    /** Takes the fetched messages one by one, and hears when a batch (one FETCH command) is complete. */
    public interface BodyHandler {
        void onMessage(FetchedMessage message) throws MessagingException;

        /** Every message of the batch the server returned was handed over. */
        default void onBatchEnd() throws MessagingException {
        }
    }

    private UidFetchBodies() {
    }

    /**
     * Fetches the messages in batches of at most {@code batchBytes} (by their
     * RFC822.SIZE; a larger message is a batch of its own) and
     * {@code batchMessages}, one FETCH command each. Each message is handed
     * over as soon as its response has arrived, while the server sends on;
     * the end of a batch is reported once all of its responses were read.
     */
    public static void fetch(IMAPFolder folder, SortedMap<Long, Long> sizes, long batchBytes, int batchMessages,
                             BodyHandler handler) throws MessagingException {
        List<Long> batch = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<Long, Long> entry : sizes.entrySet()) {
            if (!batch.isEmpty() && (bytes + entry.getValue() > batchBytes || batch.size() >= batchMessages)) {
                fetchBatch(folder, batch, handler);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(entry.getKey());
            bytes += entry.getValue();
        }
        if (!batch.isEmpty()) {
            fetchBatch(folder, batch, handler);
        }
    }

    private static void fetchBatch(IMAPFolder folder, List<Long> uids, BodyHandler handler)
            throws MessagingException {
        StreamedCommand.fetch(folder, "UID FETCH " + UidSets.of(uids) + " (UID FLAGS INTERNALDATE BODY.PEEK[])",
                response -> {
                    UID uid = response.getItem(UID.class);
                    BODY body = response.getItem(BODY.class);
                    if (uid == null || body == null) {
                        return;
                    }
                    FLAGS flags = response.getItem(FLAGS.class);
                    INTERNALDATE date = response.getItem(INTERNALDATE.class);
                    ByteArray raw = body.getByteArray();
                    // An empty message comes as the empty string, not a literal.
                    ByteArray content = raw == null ? new ByteArray(new byte[0], 0, 0) : raw;
                    handler.onMessage(new FetchedMessage(uid.uid, flags == null ? List.of() : FlagNames.of(flags),
                            date == null ? null : date.getDate().toInstant(), content.getBytes(),
                            content.getStart(), content.getCount()));
                });
        handler.onBatchEnd();
    }
}
