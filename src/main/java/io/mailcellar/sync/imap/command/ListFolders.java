package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code LIST "" "*" RETURN (SPECIAL-USE STATUS (...))}: every selectable
 * folder with its STATUS, in one command where the server has LIST-STATUS
 * (RFC 5819), else LIST and one STATUS per folder; and
 * {@code STATUS folder (MAILBOXID)} (RFC 8474). Names come decoded from
 * modified UTF-7; special-use attributes (RFC 6154) come along.
 */
public final class ListFolders {

    private static final Pattern MAILBOX_ID = Pattern.compile("MAILBOXID \\(([^)\\s]+)\\)", Pattern.CASE_INSENSITIVE);

    private final IMAPStore store;
    private final boolean condstore;

    public ListFolders(IMAPStore store) throws MessagingException {
        this.store = store;
        this.condstore = store.hasCapability("CONDSTORE");
    }

    public List<RemoteFolder> list() throws MessagingException {
        IMAPFolder root = (IMAPFolder) store.getDefaultFolder();
        String items = "MESSAGES UIDNEXT UIDVALIDITY" + (condstore ? " HIGHESTMODSEQ" : "");
        if (store.hasCapability("LIST-STATUS")) {
            return listWithStatus(root, items);
        }
        List<ListInfo> infos = new ArrayList<>();
        root.doCommand(protocol -> {
            ListInfo[] listed = protocol.list("", "*");
            if (listed != null) {
                infos.addAll(Arrays.asList(listed));
            }
            return null;
        });
        List<RemoteFolder> folders = new ArrayList<>();
        for (ListInfo info : infos) {
            if (selectable(info)) {
                Status status = (Status) root.doCommand(p -> p.status(info.name, items.split(" ")));
                folders.add(folder(info, status));
            }
        }
        return folders;
    }

    private List<RemoteFolder> listWithStatus(IMAPFolder root, String items) throws MessagingException {
        boolean specialUse = store.hasCapability("SPECIAL-USE");
        String command = "LIST \"\" \"*\" RETURN (" + (specialUse ? "SPECIAL-USE " : "") + "STATUS (" + items + "))";
        Listing listing = (Listing) root.doCommand(protocol -> {
            Response[] responses = protocol.command(command, null);
            Response tagged = responses[responses.length - 1];
            Listing answer = Listing.of(responses);
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(tagged);
            return answer;
        });
        // The server may leave out STATUS for a folder it could not open; it is asked for alone.
        return listing.folders(name -> (Status) root.doCommand(p -> p.status(name, items.split(" "))));
    }

    /** A STATUS asked for one folder. */
    @FunctionalInterface
    interface StatusOf {
        Status of(String folder) throws MessagingException;
    }

    /** The LIST and STATUS responses of a LIST-STATUS answer (RFC 5819). */
    record Listing(List<ListInfo> infos, Map<String, Status> statuses) {

        /** Takes the LIST and STATUS responses out of the answer (set to null there); leaves the others. */
        static Listing of(Response[] responses) throws ParsingException {
            List<ListInfo> infos = new ArrayList<>();
            Map<String, Status> statuses = new HashMap<>();
            for (int i = 0; i < responses.length; i++) {
                if (responses[i] instanceof IMAPResponse response && !response.isTagged()) {
                    if (response.keyEquals("LIST")) {
                        infos.add(new ListInfo(response));
                        responses[i] = null;
                    } else if (response.keyEquals("STATUS")) {
                        Status status = new Status(response);
                        statuses.merge(status.mbox, status, (a, b) -> {
                            Status.add(a, b);
                            return a;
                        });
                        responses[i] = null;
                    }
                }
            }
            return new Listing(infos, statuses);
        }

        /** The selectable folders, in listing order, with their STATUS. */
        List<RemoteFolder> folders(StatusOf missing) throws MessagingException {
            List<RemoteFolder> folders = new ArrayList<>();
            for (ListInfo info : infos) {
                if (selectable(info)) {
                    Status status = statuses.get(info.name);
                    folders.add(folder(info, status != null ? status : missing.of(info.name)));
                }
            }
            return folders;
        }
    }

    /** Hierarchy-only names ({@code \Noselect}) and names listed only for their children ({@code \NonExistent}) hold no mail. */
    static boolean selectable(ListInfo info) {
        if (!info.canOpen) {
            return false;
        }
        return info.attrs == null || Arrays.stream(info.attrs)
                .noneMatch(a -> a.equalsIgnoreCase("\\NonExistent") || a.equalsIgnoreCase("\\Noselect"));
    }

    /** The RFC 8474 MAILBOXID of a folder, where the server has OBJECTID; else null. */
    public String serverMailboxId(String folder) throws MessagingException {
        if (!store.hasCapability("OBJECTID")) {
            return null;
        }
        IMAPFolder root = (IMAPFolder) store.getDefaultFolder();
        return (String) root.doCommand(protocol -> {
            Response[] responses = protocol.command("STATUS " + quoted(protocol, folder) + " (MAILBOXID)", null);
            String id = null;
            for (int i = 0; i < responses.length - 1; i++) {
                if (responses[i] instanceof IMAPResponse response && response.keyEquals("STATUS")) {
                    id = parseServerMailboxId(response.toString());
                    responses[i] = null;
                }
            }
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            return id;
        });
    }

    static String parseServerMailboxId(String statusLine) {
        Matcher matcher = MAILBOX_ID.matcher(statusLine);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String quoted(IMAPProtocol protocol, String folder) {
        String encoded = protocol.supportsUtf8() ? folder
                : org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder.encode(folder);
        return "\"" + encoded.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static RemoteFolder folder(ListInfo info, Status status) {
        return new RemoteFolder(info.name, info.separator, List.of(info.attrs == null ? new String[0] : info.attrs),
                status.uidvalidity, status.uidnext, Math.max(status.total, 0), Math.max(status.highestmodseq, 0));
    }
}
