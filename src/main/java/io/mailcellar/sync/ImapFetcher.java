package io.mailcellar.sync;

import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import jakarta.mail.MessagingException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The FETCH commands of a sync, sent as whole UID ranges on an open
 * (EXAMINEd) folder: one round trip per batch, not per message. Message
 * bodies come from {@code BODY.PEEK[]}: the server's bytes, untouched, and
 * {@code \Seen} never set.
 */
final class ImapFetcher {

    /** One fetched message: the body is {@code length} bytes of {@code bytes} from {@code offset}. */
    record FetchedMessage(long uid, List<String> flags, Instant internalDate, byte[] bytes, int offset, int length) {
    }

    private final IMAPFolder folder;

    ImapFetcher(IMAPFolder folder) {
        this.folder = folder;
    }

    /** UID to RFC822.SIZE of the messages with a UID at or above {@code from}. */
    SortedMap<Long, Long> sizesFrom(long from) throws MessagingException {
        SortedMap<Long, Long> sizes = new TreeMap<>();
        fetch("UID FETCH " + from + ":* (UID RFC822.SIZE)", response -> {
            UID uid = response.getItem(UID.class);
            RFC822SIZE size = response.getItem(RFC822SIZE.class);
            if (uid != null && size != null && uid.uid >= from) {
                sizes.put(uid.uid, size.size);
            }
        });
        return sizes;
    }

    /** UID to flags of the messages with a UID in [from, to]. */
    Map<Long, List<String>> flags(long from, long to) throws MessagingException {
        Map<Long, List<String>> flags = new TreeMap<>();
        if (to < from) {
            return flags;
        }
        fetch("UID FETCH " + from + ":" + to + " (UID FLAGS)", response -> {
            UID uid = response.getItem(UID.class);
            FLAGS itemFlags = response.getItem(FLAGS.class);
            if (uid != null && itemFlags != null && uid.uid >= from && uid.uid <= to) {
                flags.put(uid.uid, FlagNames.of(itemFlags));
            }
        });
        return flags;
    }

    /**
     * Fetches the messages in batches of at most {@code batchBytes} (by their
     * RFC822.SIZE; a larger message is a batch of its own) and hands each one
     * over. A batch's bytes are released once its last message was handled.
     */
    void bodies(SortedMap<Long, Long> sizes, long batchBytes, int batchMessages, BodyHandler handler)
            throws MessagingException {
        List<Long> batch = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<Long, Long> entry : sizes.entrySet()) {
            if (!batch.isEmpty() && (bytes + entry.getValue() > batchBytes || batch.size() >= batchMessages)) {
                fetchBatch(batch, handler);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(entry.getKey());
            bytes += entry.getValue();
        }
        if (!batch.isEmpty()) {
            fetchBatch(batch, handler);
        }
    }

    private void fetchBatch(List<Long> uids, BodyHandler handler) throws MessagingException {
        List<FetchedMessage> fetched = new ArrayList<>(uids.size());
        fetch("UID FETCH " + UidSets.of(uids) + " (UID FLAGS INTERNALDATE BODY.PEEK[])", response -> {
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
            fetched.add(new FetchedMessage(uid.uid, flags == null ? List.of() : FlagNames.of(flags),
                    date == null ? null : date.getDate().toInstant(), content.getBytes(), content.getStart(),
                    content.getCount()));
        });
        fetched.sort(java.util.Comparator.comparingLong(FetchedMessage::uid));
        handler.onBatch(fetched);
    }

    /** Sends one command, hands each FETCH response to the consumer and everything else to Angus. */
    private void fetch(String command, Consumer<FetchResponse> consumer) throws MessagingException {
        folder.doCommand(protocol -> {
            Response[] responses = protocol.command(command, null);
            Response tagged = responses[responses.length - 1];
            for (int i = 0; i < responses.length - 1; i++) {
                if (responses[i] instanceof FetchResponse fetch) {
                    consumer.accept(fetch);
                    responses[i] = null;
                }
            }
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(tagged);
            return null;
        });
    }

    @FunctionalInterface
    interface BodyHandler {
        void onBatch(List<FetchedMessage> messages) throws MessagingException;
    }
}
