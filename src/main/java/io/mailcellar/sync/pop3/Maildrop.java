package io.mailcellar.sync.pop3;

import io.mailcellar.archive.Sha256;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.mail.Pop3Client;
import io.mailcellar.sync.cursor.Pop3Messages;
import jakarta.mail.MessagingException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

/**
 * A POP3 maildrop as the server lists it, by identity: the UIDL, or on a
 * server without UIDL a digest of the headers and the size of the rest
 * ({@code withoutUidl}). Pure: what is new and what is gone, against the
 * cursor's known messages.
 *
 * <p>Messages the server lists under one identity (a UIDL given twice, or
 * equal headers and size without UIDL) are told apart by their content:
 * each becomes {@code identity#sha256}, and all of them are {@code ambiguous}:
 * archived, but never deleted from the server.
 */
record Maildrop(Map<String, Pop3Client.Listed> messages, boolean withoutUidl, Set<String> ambiguous) {

    /** The headers of a message ({@code TOP n 0}), or null when the server has no TOP. */
    @FunctionalInterface
    interface Headers {
        byte[] of(int message) throws MessagingException;
    }

    /** The SHA-256 of the whole message as the server serves it now, read without holding it whole. */
    @FunctionalInterface
    interface Contents {
        String sha256(Pop3Client.Listed message) throws MessagingException;
    }

    Maildrop {
        ambiguous = Set.copyOf(ambiguous);
    }

    /**
     * The known messages still on the server, in a map of the caller's own to
     * go on with, and an expunge event for each one gone.
     */
    record Gone(List<MailEvent> events, Pop3Messages.Editor known) {
    }

    /**
     * Identity to message, in maildrop order; {@code uidls} is null on a
     * server without UIDL. Messages that share an identity are told apart by
     * the digest of their content ({@code contents}).
     */
    static Maildrop of(List<Pop3Client.Listed> listed, Map<Integer, String> uidls, Headers headers,
                       Contents contents) throws MessagingException {
        Map<String, List<Pop3Client.Listed>> byIdentity = new LinkedHashMap<>();
        boolean withoutUidl = false;
        for (Pop3Client.Listed message : listed) {
            String uidl = uidls == null ? null : uidls.get(message.number());
            if (uidl == null) {
                withoutUidl = true;
                byte[] head = headers.of(message.number());
                if (head == null) {
                    throw new MessagingException("the POP3 server has neither UIDL nor TOP for message "
                            + message.number() + ": its messages cannot be told apart between polls");
                }
                uidl = "headers:" + Sha256.of(head) + ":" + (message.size() - head.length);
            }
            byIdentity.computeIfAbsent(uidl, identity -> new ArrayList<>()).add(message);
        }
        Map<String, Pop3Client.Listed> identities = new LinkedHashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (Map.Entry<String, List<Pop3Client.Listed>> entry : byIdentity.entrySet()) {
            if (entry.getValue().size() == 1) {
                identities.put(entry.getKey(), entry.getValue().get(0));
                continue;
            }
            for (Pop3Client.Listed message : entry.getValue()) {
                String identity = entry.getKey() + "#" + contents.sha256(message);
                // The same bytes twice under one identity are one message to archive.
                identities.putIfAbsent(identity, message);
                ambiguous.add(identity);
            }
        }
        return new Maildrop(identities, withoutUidl, ambiguous);
    }

    /** Messages under an identity the server gave to more than one: archived, never deleted. */
    boolean isAmbiguous(String identity) {
        return ambiguous.contains(identity);
    }

    /** The known messages whose identity the server no longer lists become {@code message.expunged}. */
    Gone gone(String mailboxId, Pop3Messages known) {
        Pop3Messages.Editor remaining = known.edit();
        List<MailEvent> events = new ArrayList<>();
        for (String identity : known.keySet().stream().sorted().toList()) {
            if (!messages.containsKey(identity)) {
                events.add(new MessageExpunged(mailboxId, Pop3MailboxSync.INBOX, 0, 0,
                        remaining.remove(identity).sha256(), identity));
            }
        }
        return new Gone(events, remaining);
    }

    /** The messages on the server the cursor does not know yet, in maildrop order. */
    Map<String, Pop3Client.Listed> unknown(Pop3Messages.Editor known) {
        Map<String, Pop3Client.Listed> fresh = new LinkedHashMap<>();
        messages.forEach((identity, message) -> {
            if (!known.contains(identity)) {
                fresh.put(identity, message);
            }
        });
        return fresh;
    }
}
