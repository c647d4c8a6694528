package io.mailcellar.restore.imap.command;

import io.mailcellar.archive.Sha256;
import io.mailcellar.restore.imap.RestoreTarget;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A restore's target account over Angus: folders by its public API, the
 * APPEND through Angus' protocol with a literal of the message's own bytes
 * (a {@code MimeMessage} would be written out anew, not byte for byte), and
 * CREATE with {@code (USE (...))} where the server has CREATE-SPECIAL-USE.
 */
public final class AngusTarget implements RestoreTarget {

    private static final Set<String> BUSY = Set.of("[THROTTLED]", "[UNAVAILABLE]", "[INUSE]");
    private static final int MAX_REASON = 200;

    private final IMAPStore store;

    public AngusTarget(Store store) {
        this.store = (IMAPStore) store;
    }

    @Override
    public String delimiter() throws MessagingException {
        char separator = store.getDefaultFolder().getSeparator();
        return separator == 0 ? null : String.valueOf(separator);
    }

    @Override
    public boolean exists(String folder) throws MessagingException {
        return store.getFolder(folder).exists();
    }

    @Override
    public void create(String folder, String specialUse) throws MessagingException {
        IMAPFolder created = (IMAPFolder) store.getFolder(folder);
        if (specialUse == null || !store.hasCapability("CREATE-SPECIAL-USE")) {
            if (!created.create(jakarta.mail.Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("the server would not create folder " + folder);
            }
            return;
        }
        String use = specialUse.replaceAll("[^A-Za-z\\\\]", "");
        created.doCommand(protocol -> {
            Response[] responses = protocol.command("CREATE " + quoted(BASE64MailboxEncoder.encode(folder))
                    + " (USE (" + use + "))", null);
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            return null;
        });
    }

    @Override
    public RestoreTarget.Folder open(String name) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        folder.open(jakarta.mail.Folder.READ_WRITE);
        return new OpenFolder(folder);
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The server's words, cut and kept to one line: they go into a report a person reads. */
    static String reason(String text) {
        String line = text == null ? "" : text.replaceAll("[\\r\\n\\p{Cntrl}]", " ").strip();
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
    }

    private static final class OpenFolder implements RestoreTarget.Folder {

        private final IMAPFolder folder;
        private final Flags permanent;

        OpenFolder(IMAPFolder folder) {
            this.folder = folder;
            this.permanent = folder.getPermanentFlags();
        }

        @Override
        public long uidValidity() {
            try {
                return folder.getUIDValidity();
            } catch (MessagingException e) {
                throw new IllegalStateException("the open folder " + folder.getFullName() + " has no UIDVALIDITY", e);
            }
        }

        @Override
        public boolean keeps(String keyword) {
            return permanent.contains(Flags.Flag.USER) || permanent.contains(keyword);
        }

        @Override
        public Map<Long, Long> sizes() throws MessagingException {
            Message[] messages = folder.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(FetchProfile.Item.SIZE);
            folder.fetch(messages, profile);
            Map<Long, Long> sizes = new HashMap<>();
            for (Message message : messages) {
                sizes.put(folder.getUID(message), (long) message.getSize());
            }
            return sizes;
        }

        @Override
        public String sha256(long uid) throws MessagingException {
            IMAPMessage message = (IMAPMessage) folder.getMessageByUID(uid);
            if (message == null) {
                return "";
            }
            MessageDigest digest = Sha256.digest();
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                message.writeTo(out);
            } catch (IOException e) {
                throw new MessagingException("reading message " + uid + " of " + folder.getFullName() + " failed", e);
            }
            return Sha256.hex(digest);
        }

        @Override
        public AppendResult append(long size, Bytes bytes, List<String> flags, Instant internalDate)
                throws MessagingException {
            Flags appended = new Flags();
            for (String flag : flags) {
                switch (flag) {
                    case "\\Seen" -> appended.add(Flags.Flag.SEEN);
                    case "\\Answered" -> appended.add(Flags.Flag.ANSWERED);
                    case "\\Flagged" -> appended.add(Flags.Flag.FLAGGED);
                    case "\\Draft" -> appended.add(Flags.Flag.DRAFT);
                    case "\\Deleted" -> appended.add(Flags.Flag.DELETED);
                    default -> {
                        if (!flag.startsWith("\\") && keeps(flag)) {
                            appended.add(flag);
                        }
                    }
                }
            }
            Literal literal = new Literal() {
                @Override
                public int size() {
                    return Math.toIntExact(size);
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    bytes.writeTo(out);
                }
            };
            Date date = internalDate == null ? null : Date.from(internalDate);
            try {
                AppendUID uid = (AppendUID) folder.doCommand(protocol -> protocol.appenduid(folder.getFullName(),
                        appended, date, literal));
                return uid == null ? new Appended(null, null) : new Appended(uid.uidvalidity, uid.uid);
            } catch (MessagingException e) {
                if (e.getCause() instanceof CommandFailedException refused) {
                    String text = refused.getResponse() == null ? refused.getMessage()
                            : refused.getResponse().getRest();
                    String upper = text == null ? "" : text.toUpperCase(Locale.ROOT);
                    if (BUSY.stream().anyMatch(upper::contains)) {
                        return new Busy(reason(text));
                    }
                    if (upper.contains("[OVERQUOTA]")) {
                        return new Full(reason(text));
                    }
                    return new Refused(reason(text));
                }
                if (e.getCause() instanceof ProtocolException bad && !(bad.getCause() instanceof IOException)
                        && bad.getResponse() != null && bad.getResponse().isBAD()) {
                    return new Refused(reason(bad.getResponse().getRest()));
                }
                throw e;
            } catch (UncheckedIOException e) {
                throw new MessagingException("sending a message to " + folder.getFullName() + " failed", e);
            }
        }
    }
}
