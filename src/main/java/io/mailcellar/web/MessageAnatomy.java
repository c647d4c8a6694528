package io.mailcellar.web;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * What a stored message says, for the message page: its headers, its text
 * part, whether it has an HTML part, and its other parts (attachments),
 * numbered depth-first among the leaves of its MIME tree. Nothing here is
 * trusted: every value is shown as text, and the HTML part only inside a
 * sandbox. A message that does not parse as MIME shows its raw header.
 */
@io.quarkus.qute.TemplateData
public record MessageAnatomy(String from, String to, String cc, String date, String subject, List<HeaderLine> headers,
                      String text, boolean textCut, int htmlPart, List<Attachment> attachments) {

    /** Text shown on the page at most; the rest is in the .eml download. */
    static final int MAX_TEXT = 1 << 20;
    /** Headers shown at most. */
    static final int MAX_HEADERS = 200;

    @io.quarkus.qute.TemplateData
    public record HeaderLine(String name, String value) {
    }

    /** A part other than the text and HTML shown: its number, name as given (or none), declared type, size. */
    @io.quarkus.qute.TemplateData
    public record Attachment(int part, String filename, String contentType, long size) {
    }

    public boolean hasHtml() {
        return htmlPart >= 0;
    }

    static MessageAnatomy of(byte[] raw) throws IOException {
        MimeMessage message = parse(raw);
        List<HeaderLine> headers = new ArrayList<>();
        try {
            for (Header header : Collections.list(message.getAllHeaders())) {
                if (headers.size() == MAX_HEADERS) {
                    break;
                }
                headers.add(new HeaderLine(header.getName(), decode(header.getValue())));
            }
            List<Part> leaves = new ArrayList<>();
            collectLeaves(message, leaves, 0);
            int textPart = firstBody(leaves, "text/plain");
            int htmlPart = firstBody(leaves, "text/html");
            String text = "";
            boolean cut = false;
            if (textPart >= 0) {
                text = textOf(leaves.get(textPart));
                if (text.length() > MAX_TEXT) {
                    text = text.substring(0, MAX_TEXT);
                    cut = true;
                }
            }
            List<Attachment> attachments = new ArrayList<>();
            for (int i = 0; i < leaves.size(); i++) {
                if (i != textPart && i != htmlPart) {
                    Part part = leaves.get(i);
                    attachments.add(new Attachment(i, filename(part).orElse(""), baseType(part), part.getSize()));
                }
            }
            return new MessageAnatomy(addresses(message, "From"), addresses(message, "To"), addresses(message, "Cc"),
                    header(message, "Date"), subject(message), headers, text, cut, htmlPart, attachments);
        } catch (MessagingException e) {
            throw new IOException("the message does not parse as MIME: " + e.getMessage(), e);
        }
    }

    /** The message's HTML body part (as {@link #of} chooses it), decoded; empty when it has none. */
    static Optional<String> html(byte[] raw) throws IOException {
        try {
            List<Part> leaves = new ArrayList<>();
            collectLeaves(parse(raw), leaves, 0);
            int html = firstBody(leaves, "text/html");
            return html < 0 ? Optional.empty() : Optional.of(textOf(leaves.get(html)));
        } catch (MessagingException e) {
            throw new IOException("the message does not parse as MIME: " + e.getMessage(), e);
        }
    }

    /** The leaf part numbered {@code index}, as {@link #of} numbers them. */
    static Optional<Part> leaf(byte[] raw, int index) throws IOException {
        try {
            List<Part> leaves = new ArrayList<>();
            collectLeaves(parse(raw), leaves, 0);
            return index >= 0 && index < leaves.size() ? Optional.of(leaves.get(index)) : Optional.empty();
        } catch (MessagingException e) {
            throw new IOException("the message does not parse as MIME: " + e.getMessage(), e);
        }
    }

    /** A part's decoded text, in its declared charset (UTF-8 when it names none the JVM knows). */
    static String textOf(Part part) throws IOException, MessagingException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String charset = null;
        try {
            charset = new ContentType(part.getContentType()).getParameter("charset");
        } catch (MessagingException unparsable) {
            // A broken Content-Type header: the bytes are read as UTF-8 below.
        }
        try {
            return charset == null ? new String(bytes, StandardCharsets.UTF_8)
                    : new String(bytes, MimeUtility.javaCharset(charset));
        } catch (UnsupportedEncodingException unknown) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The name a part gives itself, decoded; empty when it gives none. */
    static Optional<String> filename(Part part) {
        try {
            String name = part.getFileName();
            return name == null || name.isBlank() ? Optional.empty() : Optional.of(decode(name));
        } catch (MessagingException unparsable) {
            return Optional.empty();
        }
    }

    private static MimeMessage parse(byte[] raw) throws IOException {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IOException("the message does not parse as MIME: " + e.getMessage(), e);
        }
    }

    /** Nested multiparts deeper than this are shown as one part: a message cannot make the page recurse forever. */
    private static final int MAX_DEPTH = 32;

    private static void collectLeaves(Part part, List<Part> leaves, int depth) throws MessagingException, IOException {
        if (depth < MAX_DEPTH && part.isMimeType("multipart/*")) {
            Object content;
            try {
                content = part.getContent();
            } catch (IOException | MessagingException unparsable) {
                leaves.add(part);
                return;
            }
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collectLeaves(child, leaves, depth + 1);
                }
                return;
            }
        }
        leaves.add(part);
    }

    private static int firstBody(List<Part> leaves, String type) throws MessagingException {
        for (int i = 0; i < leaves.size(); i++) {
            Part part = leaves.get(i);
            if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(disposition(part))
                    && filename(part).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException unparsable) {
            return null;
        }
    }

    private static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException unparsable) {
            return "application/octet-stream";
        }
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ", ");
        return value == null ? "" : decode(value);
    }

    private static String subject(MimeMessage message) throws MessagingException {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException unparsable) {
            return header(message, "Subject");
        }
    }

    private static String addresses(MimeMessage message, String name) throws MessagingException {
        try {
            // Strictly: a header that is no address list is shown as it came, not as Angus would mend it.
            Address[] parsed = message.getHeader(name) == null ? null : InternetAddress.parseHeader(
                    message.getHeader(name, ","), true);
            if (parsed == null) {
                return "";
            }
            List<String> shown = new ArrayList<>();
            for (Address address : parsed) {
                shown.add(address instanceof InternetAddress internet ? shown(internet) : address.toString());
            }
            return String.join(", ", shown);
        } catch (MessagingException unparsable) {
            return header(message, name);
        }
    }

    /** "Name <address>", or the address alone: the name unquoted, since the page shows it as text anyway. */
    private static String shown(InternetAddress address) {
        String personal = address.getPersonal();
        return personal == null || personal.isBlank() ? address.getAddress()
                : personal + " <" + address.getAddress() + ">";
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (UnsupportedEncodingException | RuntimeException undecodable) {
            return value;
        }
    }
}
