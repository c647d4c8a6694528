package io.mailcellar.web;

import static io.mailcellar.web.FormFields.value;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcellar.mailbox.MailboxView;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Arrays;
import java.util.Locale;

/**
 * The register and edit forms' fields, as typed (the password never shown
 * again), and their translation to the API's registration JSON, so that a
 * form is checked by exactly the rules the API applies. Field errors come
 * back by JSON path and are shown at the input they concern.
 */
@TemplateData
public record MailboxForm(String protocol, String name, String host, String port, String security, String username,
                          String password, String interval, String include, String exclude, boolean enabled,
                          String pop3Delete, String pop3Days, String authorization) {

    /** A sign-in's id, as the sign-in API gives them. */
    private static final java.util.regex.Pattern AUTHORIZATION = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

    static MailboxForm blank() {
        return new MailboxForm("imap", "", "", "", "tls", "", "", "15", "*", "", true, "never", "", "");
    }

    /** The register form for an account connected by a sign-in: the provider's IMAP server filled in. */
    static MailboxForm connected(String authorization, String provider) {
        String host = "microsoft".equals(provider) ? "outlook.office365.com" : "imap.gmail.com";
        String id = authorization != null && AUTHORIZATION.matcher(authorization).matches() ? authorization : "";
        return new MailboxForm("imap", "", id.isEmpty() ? "" : host, "", "tls", "", "", "15", "*", "", true, "never",
                "", id);
    }

    /** The same form without the password typed, which is never sent back into a page. */
    MailboxForm withoutPassword() {
        return new MailboxForm(protocol, name, host, port, security, username, "", interval, include, exclude, enabled,
                pop3Delete, pop3Days, authorization);
    }

    public boolean isConnected() {
        return !authorization.isEmpty();
    }

    static MailboxForm of(MultivaluedMap<String, String> form) {
        return new MailboxForm(value(form, "protocol", "imap"), value(form, "name", ""), value(form, "host", ""),
                value(form, "port", ""), value(form, "security", "tls"), value(form, "username", ""),
                value(form, "password", ""), value(form, "interval", "15"), value(form, "include", "*"),
                value(form, "exclude", ""), form.containsKey("enabled"), value(form, "pop3Delete", "never"),
                value(form, "pop3Days", ""), value(form, "authorization", ""));
    }

    static MailboxForm of(MailboxView mailbox) {
        MailboxView.Pop3View pop3 = mailbox.pop3();
        return new MailboxForm(mailbox.protocol().name().toLowerCase(Locale.ROOT), mailbox.name(), mailbox.host(),
                String.valueOf(mailbox.port()), mailbox.security().name().toLowerCase(Locale.ROOT), mailbox.username(),
                "", String.valueOf(mailbox.schedule().interval().toMinutes()),
                String.join("\n", mailbox.folders().include()), String.join("\n", mailbox.folders().exclude()),
                mailbox.enabled(), pop3 == null || pop3.deleteFromServer() == null ? "never"
                : pop3.deleteFromServer().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                pop3 == null || pop3.days() == null ? "" : String.valueOf(pop3.days()), "");
    }

    public boolean isPop3() {
        return "pop3".equals(protocol);
    }

    /**
     * The registration (or, with {@code forChange}, the merge patch) the form says. Credentials go in only when
     * a password was typed: left empty on the edit form, the stored one stays.
     *
     * @throws FormException a number field that is no number, named
     */
    ObjectNode toJson(ObjectMapper mapper, boolean forChange) {
        ObjectNode json = mapper.createObjectNode();
        if (!forChange) {
            json.put("protocol", protocol);
        }
        json.put("name", name.strip());
        json.put("host", host.strip());
        if (port.isBlank()) {
            json.putNull("port");
        } else {
            json.put("port", number("port", port, "a port number from 1 to 65535, or empty for the default"));
        }
        json.put("security", security);
        json.put("username", username.strip());
        if (isConnected()) {
            json.putObject("auth").put("type", "oauth2").put("authorization", authorization);
        } else if (!password.isEmpty() || !forChange) {
            json.putObject("auth").put("type", "password").put("password", password);
        }
        long minutes = number("interval", interval, "a whole number of minutes, such as 15");
        if (minutes < 1) {
            throw new FormException("interval", "must be at least 1 minute");
        }
        json.putObject("schedule").put("interval", "PT" + minutes + "M");
        ObjectNode folders = json.putObject("folders");
        patterns(folders.putArray("include"), include.isBlank() ? "*" : include);
        patterns(folders.putArray("exclude"), exclude);
        json.put("enabled", enabled);
        if (isPop3()) {
            ObjectNode pop3 = json.putObject("pop3").put("deleteFromServer", pop3Delete);
            if ("after-days".equals(pop3Delete)) {
                pop3.put("days", number("pop3Days", pop3Days, "a whole number of days, such as 30"));
            }
        }
        return json;
    }

    /** The form input a JSON path of the registration concerns. */
    static String inputFor(String jsonPath) {
        String path = jsonPath == null ? "" : jsonPath;
        if (path.startsWith("auth")) {
            return "password";
        }
        if (path.startsWith("schedule")) {
            return "interval";
        }
        if (path.startsWith("folders.include")) {
            return "include";
        }
        if (path.startsWith("folders.exclude")) {
            return "exclude";
        }
        if (path.equals("pop3.days")) {
            return "pop3Days";
        }
        if (path.startsWith("pop3")) {
            return "pop3Delete";
        }
        return switch (path) {
            case "protocol", "name", "host", "port", "security", "username", "enabled" -> path;
            default -> "form";
        };
    }

    private static void patterns(ArrayNode into, String lines) {
        Arrays.stream(lines.split("[\\r\\n,]+")).map(String::strip).filter(s -> !s.isEmpty()).forEach(into::add);
    }

    private static long number(String input, String text, String expected) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new FormException(input, "must be " + expected);
        }
    }


    /** A field the form itself could not read, named by its input. */
    static final class FormException extends RuntimeException {
        private final String input;

        FormException(String input, String message) {
            super(message);
            this.input = input;
        }

        String input() {
            return input;
        }
    }
}
