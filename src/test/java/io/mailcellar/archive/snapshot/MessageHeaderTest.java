package io.mailcellar.archive.snapshot;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What a folder listing shows of a message, read from its header alone. */
class MessageHeaderTest {

    @Test
    void decodesEncodedWordsUnfoldsAndKeepsDateAndMessageIdAsWritten() {
        MessageHeader header = of("From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>\r\n"
                + "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\n and more\r\n"
                + "Date: Tue, 1 Dec 2026 09:00:00 +0100\r\n"
                + "Message-ID: <abc@example.org>\r\n\r\nbody: not a header\r\n");

        assertThat(header).isEqualTo(new MessageHeader("Jürgen <j@example.org>", "Grüße and more",
                "Tue, 1 Dec 2026 09:00:00 +0100", "<abc@example.org>"));
    }

    @Test
    void readsRawUtf8HeadersAsRfc6532AllowsThem() {
        assertThat(of("Subject: Привет\r\n\r\n").subject()).isEqualTo("Привет");
    }

    @Test
    void aMissingFieldIsNullAndTheBodyIsNeverRead() {
        MessageHeader header = of("Subject: only\r\n\r\nFrom: in the body\r\n");

        assertThat(header).isEqualTo(new MessageHeader(null, "only", null, null));
    }

    @Test
    void aHostileHeaderIsCutAndAnEndlessOneIsReadNoFurtherThanTheLimit() {
        String huge = "x".repeat(200_000);
        MessageHeader header = of("Subject: " + huge + "\r\nFrom: never reached\r\n\r\n");

        assertThat(header.subject()).hasSize(MessageHeader.MAX_LENGTH);
        assertThat(header.from()).as("past the 64 KiB read").isNull();
    }

    @Test
    void anUnknownCharsetShowsTheTextAsWritten() {
        assertThat(of("Subject: =?x-nonsense?Q?abc?=\r\n\r\n").subject()).isEqualTo("=?x-nonsense?Q?abc?=");
    }

    private static MessageHeader of(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        MessageHeader fromBytes = MessageHeader.of(bytes, 0, bytes.length);
        assertThat(MessageHeader.of(new ByteArrayInputStream(bytes))).isEqualTo(fromBytes);
        return fromBytes;
    }
}
