package io.mailcellar.sync;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveStore;
import io.mailcellar.archive.Sha256;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Backs up new messages of INBOX: those with a UID at or above the cursor's
 * UIDNEXT, fetched whole and byte-exact with {@code BODY.PEEK[]}. Events go
 * out in batches; after each acknowledged batch the cursor moves past it.
 */
@ApplicationScoped
public class ImapInboxSync {

    static final String INBOX = "INBOX";
    private static final Logger LOG = Logger.getLogger(ImapInboxSync.class);

    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final ArchiveStore archive;
    private final ArchiveLayout layout;
    private final SyncSettings settings;
    private final long inlineLimit;

    ImapInboxSync(EventPublisher publisher, CursorStore cursors, ArchiveStore archive, ArchiveLayout layout,
                  SyncSettings settings, KafkaSettings kafka) {
        this.publisher = publisher;
        this.cursors = cursors;
        this.archive = archive;
        this.layout = layout;
        this.settings = settings;
        this.inlineLimit = kafka.inlineLimit().asLongValue();
    }

    /** Returns how many messages were published. */
    public int sync(String mailboxId, Store store) throws MessagingException, IOException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(INBOX);
        folder.open(Folder.READ_ONLY);
        try {
            return syncOpenFolder(mailboxId, folder);
        } finally {
            folder.close(false);
        }
    }

    private int syncOpenFolder(String mailboxId, IMAPFolder folder) throws MessagingException, IOException {
        long uidValidity = folder.getUIDValidity();
        long serverUidNext = folder.getUIDNext();
        SyncCursor cursor = cursors.get(mailboxId);
        long from = cursor.folder(INBOX)
                .filter(c -> c.uidValidity() == uidValidity)
                .map(FolderCursor::uidNext)
                .orElse(1L);
        if (cursor.folder(INBOX).isPresent() && cursor.folder(INBOX).get().uidValidity() != uidValidity) {
            LOG.warnf("mailbox %s folder %s: UIDVALIDITY changed from %d to %d; re-reading the folder "
                    + "(archived messages are not stored twice)", mailboxId, INBOX,
                    cursor.folder(INBOX).get().uidValidity(), uidValidity);
        }
        if (serverUidNext > 0 && from >= serverUidNext) {
            return 0;
        }
        Message[] candidates = folder.getMessagesByUID(from, UIDFolder.MAXUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        folder.fetch(candidates, profile);

        Batch batch = new Batch();
        int published = 0;
        long next = from;
        for (Message message : candidates) {
            long uid = folder.getUID(message);
            if (uid < from) {
                // "n:*" names the last message even when every UID is below n.
                continue;
            }
            batch.add(toEvent(mailboxId, uidValidity, uid, message));
            next = uid + 1;
            if (batch.isFull()) {
                published += flush(mailboxId, batch, uidValidity, next);
                batch = new Batch();
            }
        }
        published += flush(mailboxId, batch, uidValidity, Math.max(next, serverUidNext));
        return published;
    }

    private int flush(String mailboxId, Batch batch, long uidValidity, long uidNext) {
        if (!batch.events.isEmpty()) {
            publisher.publishAll(batch.events);
        }
        cursors.save(cursors.get(mailboxId).with(INBOX, new FolderCursor(uidValidity, uidNext)));
        return batch.events.size();
    }

    private MessageAdded toEvent(String mailboxId, long uidValidity, long uid, Message message)
            throws MessagingException, IOException {
        int sizeHint = Math.max(message.getSize(), 0);
        ByteArrayOutputStream raw = new ByteArrayOutputStream(sizeHint + 64);
        // With mail.imap.peek this sends BODY.PEEK[]: the server's bytes as they are, \Seen untouched.
        message.writeTo(raw);
        byte[] bytes = raw.toByteArray();
        String sha256 = Sha256.of(bytes);
        MessageContent content;
        if (bytes.length > inlineLimit) {
            String key = layout.newStagingKey();
            archive.stage(key, bytes);
            content = new MessageContent.ClaimCheck(key, bytes.length, sha256);
        } else {
            content = new MessageContent.Inline(bytes);
        }
        Date internalDate = message.getReceivedDate();
        return new MessageAdded(mailboxId, INBOX, uidValidity, uid, sha256, bytes.length, flagNames(message.getFlags()),
                internalDate == null ? null : internalDate.toInstant(), content);
    }

    /** The persistent flags in IMAP spelling; {@code \Recent} belongs to one session and is left out. */
    static List<String> flagNames(Flags flags) {
        List<String> names = new ArrayList<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            if (flag == Flags.Flag.SEEN) {
                names.add("\\Seen");
            } else if (flag == Flags.Flag.ANSWERED) {
                names.add("\\Answered");
            } else if (flag == Flags.Flag.FLAGGED) {
                names.add("\\Flagged");
            } else if (flag == Flags.Flag.DELETED) {
                names.add("\\Deleted");
            } else if (flag == Flags.Flag.DRAFT) {
                names.add("\\Draft");
            }
        }
        names.addAll(List.of(flags.getUserFlags()));
        return names;
    }

    /** Events waiting to be published, bounded by count and by inline bytes held in memory. */
    private final class Batch {
        private final List<MessageAdded> events = new ArrayList<>();
        private long bytes;

        void add(MessageAdded event) {
            events.add(event);
            if (event.content() instanceof MessageContent.Inline inline) {
                bytes += inline.bytes().length;
            }
        }

        boolean isFull() {
            return events.size() >= settings.batchMessages() || bytes >= settings.batchBytes().asLongValue();
        }
    }
}
