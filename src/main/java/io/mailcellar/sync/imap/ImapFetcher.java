package io.mailcellar.sync.imap;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.jboss.logging.Logger;

import java.io.IOException;
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

    private static final Logger LOG = Logger.getLogger(ImapFetcher.class);

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
     * RFC822.SIZE; a larger message is a batch of its own) and
     * {@code batchMessages}, one FETCH command each. Each message is handed
     * over as soon as its response has arrived, while the server sends on;
     * the end of a batch is reported once all of its responses were read.
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
            handler.onMessage(new FetchedMessage(uid.uid, flags == null ? List.of() : FlagNames.of(flags),
                    date == null ? null : date.getDate().toInstant(), content.getBytes(), content.getStart(),
                    content.getCount()));
        });
        handler.onBatchEnd();
    }

    /**
     * Sends one command and hands each FETCH response to the consumer as it
     * arrives, everything else to Angus. It is Angus's own command loop
     * ({@code Protocol.command}), but without first collecting every response
     * of a command that may bring megabytes. Should the consumer fail, the
     * rest of the answer is still read (and dropped), so the connection stays
     * usable, and the failure is thrown after.
     */
    private void fetch(String command, FetchConsumer consumer) throws MessagingException {
        Exception[] failure = {null};
        folder.doCommand(protocol -> {
            List<Response> others = new ArrayList<>();
            Response result = streamed(protocol, command, response -> {
                if (!(response instanceof FetchResponse fetch)) {
                    others.add(response);
                } else if (failure[0] == null) {
                    try {
                        consumer.accept(fetch);
                    } catch (MessagingException | RuntimeException e) {
                        failure[0] = e;
                    }
                }
            });
            others.add(result);
            protocol.notifyResponseHandlers(others.toArray(Response[]::new));
            protocol.handleResult(result);
            return null;
        });
        if (failure[0] instanceof MessagingException e) {
            throw e;
        } else if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
    }

    /** The tagged result of the command (or the server's BYE), after each other response went to {@code each}. */
    private static Response streamed(IMAPProtocol protocol, String command, Consumer<Response> each) {
        String tag;
        try {
            tag = protocol.writeCommand(command, null);
        } catch (Exception e) {
            return Response.byeResponse(e);
        }
        Response bye = null;
        while (true) {
            Response response;
            try {
                response = protocol.readResponse();
            } catch (IOException e) {
                // The connection is gone: after a BYE that is expected, else it is the failure.
                return bye != null ? bye : Response.byeResponse(e);
            } catch (ProtocolException e) {
                LOG.debugf("skipping a response the IMAP server sent that cannot be parsed: %s", e.getMessage());
                continue;
            }
            if (response.isBYE()) {
                bye = response;
            } else if (response.isTagged() && tag.equals(response.getTag())) {
                return bye != null ? bye : response;
            } else {
                each.accept(response);
            }
        }
    }

    @FunctionalInterface
    private interface FetchConsumer {
        void accept(FetchResponse response) throws MessagingException;
    }

    /** Takes the fetched messages one by one, and hears when a batch (one FETCH command) is complete. */
    interface BodyHandler {
        void onMessage(FetchedMessage message) throws MessagingException;

        /** Every message of the batch the server returned was handed over. */
        default void onBatchEnd() throws MessagingException {
        }
    }
}
