package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
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
 * never set. Nothing the server leaves out or spoils is passed over in
 * silence: each batch ends with the UIDs it asked for, so the caller can tell
 * which ones did not arrive.
 */
public final class UidFetchBodies {

    /** What the server answered for one UID. */
    public sealed interface Answer permits FetchedMessage, Unreadable {
        long uid();
    }

    /** One fetched message: the body is {@code length} bytes of {@code bytes} from {@code offset}. */
    public record FetchedMessage(long uid, List<String> flags, Instant internalDate, byte[] bytes, int offset,
                                 int length) implements Answer {
    }

    /** The server answered for the UID, but without a message in it. */
    public record Unreadable(long uid, String reason) implements Answer {
    }

    /** Which items to ask for. */
    public enum Items {
        /** Everything the archive keeps. */
        ALL("(UID FLAGS INTERNALDATE BODY.PEEK[])"),
        /** Without INTERNALDATE: for a message whose date the server sends spoiled, the bytes still count. */
        WITHOUT_DATE("(UID FLAGS BODY.PEEK[])");

        private final String list;

        Items(String list) {
            this.list = list;
        }
    }

    /** Takes the fetched messages one by one, and hears when a batch (one FETCH command) is complete. */
    public interface BodyHandler {
        void onMessage(FetchedMessage message) throws MessagingException;

        /** The server answered for the UID without a usable message. */
        default void onUnreadable(Unreadable answer) throws MessagingException {
        }

        /**
         * Every answer of the batch was handed over. {@code requested} are the
         * UIDs the batch asked for; {@code unparsed} describes answers the
         * server sent that could not be read at all (their UID unknown), or is
         * empty.
         */
        default void onBatchEnd(List<Long> requested, List<String> unparsed) throws MessagingException {
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
                             Items items, BodyHandler handler) throws MessagingException {
        List<Long> batch = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<Long, Long> entry : sizes.entrySet()) {
            if (!batch.isEmpty() && (bytes + entry.getValue() > batchBytes || batch.size() >= batchMessages)) {
                fetchBatch(folder, batch, items, handler);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(entry.getKey());
            bytes += entry.getValue();
        }
        if (!batch.isEmpty()) {
            fetchBatch(folder, batch, items, handler);
        }
    }

    private static void fetchBatch(IMAPFolder folder, List<Long> uids, Items items, BodyHandler handler)
            throws MessagingException {
        List<String> unparsed = new ArrayList<>();
        StreamedCommand.fetch(folder, "UID FETCH " + UidSets.of(uids) + " " + items.list, response -> {
            Answer answer = read(response);
            if (answer instanceof FetchedMessage message) {
                handler.onMessage(message);
            } else if (answer instanceof Unreadable unreadable) {
                handler.onUnreadable(unreadable);
            }
        }, unparsed::add);
        handler.onBatchEnd(List.copyOf(uids), unparsed);
    }

    /**
     * The message in one FETCH response; null for a response without UID or
     * without any body item (an unsolicited flag update, say), which answers
     * for no UID we can name.
     */
    public static Answer read(FetchResponse response) {
        UID uid = response.getItem(UID.class);
        if (uid == null) {
            return null;
        }
        BODY body = response.getItem(BODY.class);
        if (body == null) {
            return response.getItem(FLAGS.class) != null && response.getItemCount() <= 2
                    ? null // UID and FLAGS only: a flag update the server may send at any time.
                    : new Unreadable(uid.uid, "the server's answer for it had no body");
        }
        ByteArray content = body.getByteArray();
        if (content == null) {
            return new Unreadable(uid.uid, "the server sent no body for it (BODY[] NIL)");
        }
        FLAGS flags = response.getItem(FLAGS.class);
        INTERNALDATE date = response.getItem(INTERNALDATE.class);
        return new FetchedMessage(uid.uid, flags == null ? List.of() : FlagNames.of(flags),
                date == null || date.getDate() == null ? null : date.getDate().toInstant(), content.getBytes(),
                content.getStart(), content.getCount());
    }
}
