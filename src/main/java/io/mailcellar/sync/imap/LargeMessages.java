package io.mailcellar.sync.imap;

import io.mailcellar.archive.Sha256;
import io.mailcellar.sync.Spool;
import io.mailcellar.sync.imap.command.UidFetchBodies;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Messages larger than a batch, fetched in chunks of at most a batch and
 * hashed on the way, into a spool file: no poll holds more than a batch of
 * mail in memory, however large a message is.
 */
final class LargeMessages {

    /** A message in its spool file, which the caller hands on or deletes. */
    record Spooled(long uid, List<String> flags, Instant internalDate, Path file, long length, String sha256) {
    }

    private final IMAPFolder folder;
    private final int chunkBytes;
    private final long maxBytes;

    LargeMessages(IMAPFolder folder, long chunkBytes, long maxBytes) {
        this.folder = folder;
        this.chunkBytes = (int) Math.min(chunkBytes, Integer.MAX_VALUE / 2);
        this.maxBytes = maxBytes;
    }

    /** The message spooled; null when the server's answer held none, which goes to {@code unreadable}. */
    Spooled spool(long uid, UidFetchBodies.Items items, Consumer<UidFetchBodies.Unreadable> unreadable)
            throws MessagingException {
        Path file;
        try {
            file = Spool.newFile();
        } catch (IOException e) {
            throw new MessagingException("cannot create a spool file for message UID " + uid + ": " + e, e);
        }
        boolean handedOver = false;
        try {
            MessageDigest digest = Sha256.digest();
            UidFetchBodies.Answer answer;
            try (OutputStream out = Spool.hashing(file, digest)) {
                answer = UidFetchBodies.fetchInChunks(folder, uid, items, chunkBytes, maxBytes, out);
            } catch (IOException e) {
                throw new MessagingException("writing message UID " + uid + " to its spool file failed: " + e, e);
            }
            if (answer instanceof UidFetchBodies.ChunkedMessage message) {
                handedOver = true;
                return new Spooled(uid, message.flags(), message.internalDate(), file, message.length(),
                        Sha256.hex(digest));
            }
            unreadable.accept((UidFetchBodies.Unreadable) answer);
            return null;
        } finally {
            if (!handedOver) {
                Spool.delete(file);
            }
        }
    }

    /** Only the message's SHA-256, read in chunks and kept nowhere; null when unreadable. */
    String digest(long uid) throws MessagingException {
        MessageDigest digest = Sha256.digest();
        UidFetchBodies.Answer answer = UidFetchBodies.fetchInChunks(folder, uid, UidFetchBodies.Items.WITHOUT_DATE,
                chunkBytes, maxBytes, new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        return answer instanceof UidFetchBodies.ChunkedMessage ? Sha256.hex(digest) : null;
    }
}
