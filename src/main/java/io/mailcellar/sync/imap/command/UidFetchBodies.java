package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.io.IOException;
import java.io.OutputStream;
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
    public sealed interface Answer permits FetchedMessage, Unreadable, ChunkedMessage {
        long uid();
    }

    /** One fetched message: the body is {@code length} bytes of {@code bytes} from {@code offset}. */
    public record FetchedMessage(long uid, List<String> flags, Instant internalDate, byte[] bytes, int offset,
                                 int length) implements Answer {
    }

    /** The server answered for the UID, but without a message in it. */
    public record Unreadable(long uid, String reason) implements Answer {
    }

    /** A message fetched in chunks: its {@code length} bytes went to the caller's stream. */
    public record ChunkedMessage(long uid, List<String> flags, Instant internalDate, long length) implements Answer {
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

        /** The same items for one chunk of the body; after the first chunk, the body alone. */
        String chunk(long offset, int length) {
            String partial = "BODY.PEEK[]<" + offset + "." + length + ">)";
            return offset > 0 ? "(UID " + partial : list.replace("BODY.PEEK[])", partial);
        }
    }

    /** Takes the fetched messages one by one, and hears when a batch (one FETCH command) is complete. */
    public interface BodyHandler {
        void onMessage(FetchedMessage message) throws MessagingException;

        /**
         * A message larger than a whole batch: the handler fetches it itself,
         * in chunks ({@link #fetchInChunks}); a batch of its own ends after it.
         * A handler that cannot fails the fetch, rather than hold it whole.
         */
        default void onLargeMessage(long uid, long size) throws MessagingException {
            throw new MessagingException("message UID " + uid + " has " + size
                    + " bytes, more than a batch, and this reader does not fetch in chunks");
        }

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
     * RFC822.SIZE) and {@code batchMessages}, one FETCH command each. Each
     * message is handed over as soon as its response has arrived, while the
     * server sends on; the end of a batch is reported once all of its
     * responses were read. A message larger than {@code batchBytes} goes to
     * {@link BodyHandler#onLargeMessage} in its turn, as a batch of its own:
     * no FETCH brings more than a batch into memory.
     */
    public static void fetch(IMAPFolder folder, SortedMap<Long, Long> sizes, long batchBytes, int batchMessages,
                             Items items, BodyHandler handler) throws MessagingException {
        List<Long> batch = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<Long, Long> entry : sizes.entrySet()) {
            if (entry.getValue() > batchBytes) {
                if (!batch.isEmpty()) {
                    fetchBatch(folder, batch, items, handler);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                handler.onLargeMessage(entry.getKey(), entry.getValue());
                handler.onBatchEnd(List.of(entry.getKey()), List.of());
                continue;
            }
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

    /**
     * One message in chunks of {@code BODY.PEEK[]<offset.length>}, each
     * written to {@code out} as it arrives: never more than one chunk in
     * memory, however large the message. The last chunk is the first that
     * comes back short. A message that grows past {@code maxBytes} is given
     * up as unreadable.
     */
    public static Answer fetchInChunks(IMAPFolder folder, long uid, Items items, int chunkBytes, long maxBytes,
                                       OutputStream out) throws MessagingException {
        List<String> flags = List.of();
        Instant internalDate = null;
        long offset = 0;
        while (true) {
            FetchResponse[] answer = {null};
            List<String> unparsed = new ArrayList<>();
            StreamedCommand.fetch(folder, "UID FETCH " + uid + " " + items.chunk(offset, chunkBytes), response -> {
                UID item = response.getItem(UID.class);
                if (item != null && item.uid == uid && response.getItem(BODY.class) != null) {
                    answer[0] = response;
                }
            }, unparsed::add);
            if (answer[0] == null) {
                return new Unreadable(uid, unparsed.isEmpty()
                        ? "the server's answer for bytes from " + offset + " had no body"
                        : "the server's answer for bytes from " + offset + " could not be read: " + unparsed.get(0));
            }
            ByteArray chunk = answer[0].getItem(BODY.class).getByteArray();
            if (offset == 0) {
                if (chunk == null) {
                    return new Unreadable(uid, "the server sent no body for it (BODY[] NIL)");
                }
                FLAGS flagItem = answer[0].getItem(FLAGS.class);
                INTERNALDATE date = answer[0].getItem(INTERNALDATE.class);
                flags = flagItem == null ? List.of() : FlagNames.of(flagItem);
                internalDate = date == null || date.getDate() == null ? null : date.getDate().toInstant();
            }
            int count = chunk == null ? 0 : chunk.getCount();
            if (offset + count > maxBytes) {
                return new Unreadable(uid, "it grew past " + maxBytes + " bytes while it was read");
            }
            try {
                if (count > 0) {
                    out.write(chunk.getBytes(), chunk.getStart(), count);
                }
            } catch (IOException e) {
                throw new MessagingException("writing message UID " + uid + " to the spool failed: " + e.getMessage(),
                        e);
            }
            offset += count;
            if (count < chunkBytes) {
                return new ChunkedMessage(uid, flags, internalDate, offset);
            }
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
