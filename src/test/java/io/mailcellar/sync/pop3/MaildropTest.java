package io.mailcellar.sync.pop3;

import io.mailcellar.archive.Sha256;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.mail.Pop3Client;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.Pop3Messages;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A POP3 maildrop by identity (UIDL, or headers and size without UIDL), against the cursor's known messages. */
class MaildropTest {

    private static final String MAILBOX = "11111111-0000-4000-8000-000000000001";
    private static final List<Pop3Client.Listed> LISTED = List.of(new Pop3Client.Listed(1, 120),
            new Pop3Client.Listed(2, 300), new Pop3Client.Listed(3, 80));

    private final List<Integer> headersAskedFor = new ArrayList<>();

    @Test
    void messagesAreToldApartByUidlWithoutReadingTheirHeaders() throws Exception {
        Maildrop maildrop = Maildrop.of(LISTED, Map.of(1, "u-1", 2, "u-2", 3, "u-3"), this::headers, this::contents);

        assertThat(maildrop.messages().keySet()).containsExactly("u-1", "u-2", "u-3");
        assertThat(maildrop.withoutUidl()).isFalse();
        assertThat(headersAskedFor).isEmpty();
    }

    @Test
    void withoutUidlAMessageIsItsHeadersDigestAndTheSizeOfTheRest() throws Exception {
        Maildrop maildrop = Maildrop.of(LISTED, null, this::headers, this::contents);

        String first = "headers:" + Sha256.of(headerBytes(1)) + ":" + (120 - headerBytes(1).length);
        assertThat(maildrop.messages()).containsKey(first).hasSize(3);
        assertThat(maildrop.withoutUidl()).isTrue();
        assertThat(headersAskedFor).containsExactly(1, 2, 3);
    }

    @Test
    void aServerWithNeitherUidlNorTopIsRefusedWithAReason() {
        assertThatThrownBy(() -> Maildrop.of(LISTED, null, number -> null, this::contents))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("neither UIDL nor TOP");
    }

    @Test
    void twoMessagesUnderOneUidlAreToldApartByContentAndNeverDeleted() throws Exception {
        Maildrop maildrop = Maildrop.of(LISTED, Map.of(1, "same", 2, "same", 3, "u-3"), this::headers, this::contents);

        String first = "same#" + Sha256.of(contentBytes(1));
        String second = "same#" + Sha256.of(contentBytes(2));
        assertThat(maildrop.messages()).containsOnlyKeys(first, second, "u-3");
        assertThat(maildrop.messages().get(first).number()).isEqualTo(1);
        assertThat(maildrop.messages().get(second).number()).isEqualTo(2);
        assertThat(maildrop.ambiguous()).containsExactlyInAnyOrder(first, second);
        assertThat(maildrop.isAmbiguous("u-3")).isFalse();
    }

    @Test
    void theSameBytesTwiceUnderOneUidlAreOneMessage() throws Exception {
        Maildrop maildrop = Maildrop.of(LISTED, Map.of(1, "same", 2, "same", 3, "u-3"), this::headers,
                message -> Sha256.of(contentBytes(7)));

        assertThat(maildrop.messages()).hasSize(2);
        assertThat(maildrop.ambiguous()).hasSize(1);
    }

    @Test
    void withoutUidlEqualHeadersAndSizeAreToldApartByContent() throws Exception {
        List<Pop3Client.Listed> twins = List.of(new Pop3Client.Listed(1, 120), new Pop3Client.Listed(2, 120));
        Maildrop maildrop = Maildrop.of(twins, null, number -> headerBytes(9), this::contents);

        assertThat(maildrop.messages()).hasSize(2);
        assertThat(maildrop.ambiguous()).hasSize(2);
    }

    private String contents(Pop3Client.Listed message) {
        return Sha256.of(contentBytes(message.number()));
    }

    private static byte[] contentBytes(int number) {
        return ("Subject: " + number + "\r\n\r\nbody " + number + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void knownMessagesGoneFromTheServerAreExpungedAndOnlyUnknownOnesAreNew() throws Exception {
        Maildrop maildrop = Maildrop.of(LISTED, Map.of(1, "u-1", 2, "u-2", 3, "u-3"), this::headers, this::contents);
        Map<String, KnownMessage> known = Map.of("u-1", new KnownMessage(sha("one"), List.of()),
                "u-0", new KnownMessage(sha("zero"), List.of()));

        Maildrop.Gone gone = maildrop.gone(MAILBOX, Pop3Messages.of(known));

        assertThat(gone.events()).containsExactly(new MessageExpunged(MAILBOX, "INBOX", 0, 0, sha("zero"), "u-0"));
        assertThat(gone.known().build()).containsOnlyKeys("u-1");
        assertThat(maildrop.unknown(gone.known()).keySet()).containsExactly("u-2", "u-3");
    }

    private byte[] headers(int number) {
        headersAskedFor.add(number);
        return headerBytes(number);
    }

    private static byte[] headerBytes(int number) {
        return ("Subject: message " + number + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha(String content) {
        return Sha256.of(content.getBytes(StandardCharsets.UTF_8));
    }
}
