package io.mailcellar.archive.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;

/**
 * What a folder listing shows of a message without reading its body: From,
 * Subject, Date and Message-ID, decoded to text (RFC 2047 encoded words, and
 * raw UTF-8 as RFC 6532 allows). Each is null when the header lacks it, and
 * cut at {@link #MAX_LENGTH} characters, so a hostile header cannot swell a
 * tree. A header that cannot be parsed gives {@link #NONE}: the message is
 * archived all the same.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageHeader(String from, String subject, String date, String messageId) {

    /** A message header is read up to its first empty line, and no further than this. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_LENGTH = 512;
    public static final MessageHeader NONE = new MessageHeader(null, null, null, null);

    /** The summary of a raw message's header: {@code length} bytes from {@code offset}. */
    public static MessageHeader of(byte[] message, int offset, int length) {
        return of(new ByteArrayInputStream(message, offset, Math.min(length, MAX_HEADER_BYTES)));
    }

    /** The summary of the header at the start of a raw message; reads at most {@link #MAX_HEADER_BYTES}. */
    public static MessageHeader of(InputStream message) {
        try {
            InternetHeaders headers = new InternetHeaders(new BoundedStream(message, MAX_HEADER_BYTES), true);
            return new MessageHeader(decoded(headers, "From"), decoded(headers, "Subject"),
                    plain(headers, "Date"), plain(headers, "Message-ID"));
        } catch (MessagingException e) {
            // A header the MIME parser gives up on still belongs to a message worth keeping; the listing shows less.
            return NONE;
        }
    }

    private static String plain(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, null);
        return value == null ? null : cut(unfolded(value));
    }

    private static String decoded(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, null);
        if (value == null) {
            return null;
        }
        String unfolded = unfolded(value);
        try {
            return cut(MimeUtility.decodeText(unfolded));
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            // An unknown charset: the text as written is still the best a listing can show.
            return cut(unfolded);
        }
    }

    private static String unfolded(String value) {
        return value.replaceAll("\r?\n[ \t]", " ").strip();
    }

    private static String cut(String value) {
        return value.length() <= MAX_LENGTH ? value : value.substring(0, MAX_LENGTH);
    }

    /** The first {@code limit} bytes of a stream, without closing it. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }
    }
}
