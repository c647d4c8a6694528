package io.mailcellar.mailbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcellar.api.InvalidFieldException;

import java.util.Iterator;
import java.util.Map;

/**
 * A JSON merge patch (RFC 7386) applied to a registered mailbox: the result is
 * the registration the mailbox would have had, so that it passes the same
 * validation and rules as a new one. The stored secret is never part of it;
 * {@code auth} is replaced whole or kept as it is.
 */
final class MailboxPatch {

    /** Stands for the kept secret while the merged registration is validated; never sealed nor sent. */
    private static final String KEPT_SECRET = "(kept)";

    private MailboxPatch() {
    }

    /**
     * @param registration what the mailbox is after the patch, with a stand-in secret unless {@code newAuth}
     * @param newAuth      whether the patch carries new credentials, which replace the stored ones
     */
    record Result(MailboxRegistration registration, boolean newAuth) {
    }

    static Result apply(Mailbox current, JsonNode patch, ObjectMapper mapper) throws JsonProcessingException {
        if (patch == null || !patch.isObject()) {
            throw new InvalidFieldException("body", "a JSON merge patch is an object of the fields to change, "
                    + "e.g. {\"auth\": {\"type\": \"password\", \"password\": \"...\"}}");
        }
        if (patch.has("auth") && !patch.get("auth").isObject()) {
            throw new InvalidFieldException("auth", "cannot be removed; send the whole new auth object to change it");
        }
        JsonNode protocol = patch.get("protocol");
        if (protocol != null && !protocol.asText().equals(mapper.valueToTree(current.protocol()).asText())) {
            throw new InvalidFieldException("protocol", "cannot change: IMAP and POP3 keep different sync state; "
                    + "register a new mailbox instead");
        }
        ObjectNode merged = mapper.valueToTree(registrationOf(current));
        // Credentials are replaced whole: the stored ones cannot be merged into, being sealed.
        ObjectNode withoutAuth = ((ObjectNode) patch.deepCopy());
        JsonNode auth = withoutAuth.remove("auth");
        merge(merged, withoutAuth);
        if (auth != null) {
            merged.set("auth", auth);
        }
        MailboxRegistration registration = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .treeToValue(merged, MailboxRegistration.class);
        return new Result(registration, auth != null);
    }

    /**
     * The registration that gives this mailbox, with a stand-in for the sealed
     * secret. A name or port that was the default is left out, so that it
     * follows a changed host, username or security as it would at registration.
     */
    static MailboxRegistration registrationOf(Mailbox mailbox) {
        String name = mailbox.name().equals(mailbox.username() + "@" + mailbox.host()) ? null : mailbox.name();
        Integer port = mailbox.port() == mailbox.protocol().defaultPort(mailbox.security()) ? null : mailbox.port();
        return new MailboxRegistration(name, mailbox.protocol(), mailbox.host(), port,
                mailbox.security(), mailbox.username(),
                new MailboxRegistration.Auth(mailbox.auth().type(), KEPT_SECRET, null, null, null, null, null, null, null, null),
                new MailboxRegistration.Schedule(mailbox.interval()),
                new MailboxRegistration.Folders(mailbox.include(), mailbox.exclude()),
                mailbox.protocol() == Protocol.POP3
                        ? new MailboxRegistration.Pop3(mailbox.pop3DeleteFromServer(), mailbox.pop3Days()) : null,
                mailbox.retention(), mailbox.enabled(), mailbox.limits(), mailbox.push());
    }

    /** RFC 7386: objects merge key by key, null removes, anything else replaces. */
    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, value);
            } else if (value.isObject()) {
                ObjectNode fresh = target.objectNode();
                merge(fresh, value);
                target.set(field.getKey(), fresh);
            } else {
                target.set(field.getKey(), value);
            }
        }
    }
}
