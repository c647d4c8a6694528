package io.mailcellar.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MessageAnatomyTest {

    private static byte[] bytes(String message) {
        return message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMultipartMessageGivesItsTextItsHtmlAndItsAttachmentsByLeafNumber() throws Exception {
        byte[] raw = bytes("""
                From: =?UTF-8?Q?J=C3=B6rg?= <jorg@example.test>
                To: a@example.test, b@example.test
                Subject: =?UTF-8?B?R3LDvMOfZQ==?=
                Date: Fri, 04 Dec 2026 09:00:00 +0000
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: multipart/alternative; boundary="b2"

                --b2
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Gr=FC=DFe
                --b2
                Content-Type: text/html; charset=utf-8

                <p>Hi</p>
                --b2--
                --b1
                Content-Type: application/pdf; name="a.pdf"
                Content-Disposition: attachment; filename="=?UTF-8?Q?R=C3=A9sum=C3=A9.pdf?="
                Content-Transfer-Encoding: base64

                JVBERi0=
                --b1--
                """);

        MessageAnatomy anatomy = MessageAnatomy.of(raw);

        assertThat(anatomy.from()).isEqualTo("Jörg <jorg@example.test>");
        assertThat(anatomy.to()).isEqualTo("a@example.test, b@example.test");
        assertThat(anatomy.subject()).isEqualTo("Grüße");
        assertThat(anatomy.text()).isEqualTo("Grüße");
        assertThat(anatomy.htmlPart()).isEqualTo(1);
        assertThat(anatomy.attachments()).containsExactly(
                new MessageAnatomy.Attachment(2, "Résumé.pdf", "application/pdf", 8));
        assertThat(MessageAnatomy.textOf(MessageAnatomy.leaf(raw, 1).orElseThrow())).isEqualTo("<p>Hi</p>");
        assertThat(new String(MessageAnatomy.leaf(raw, 2).orElseThrow().getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(MessageAnatomy.leaf(raw, 3)).isEmpty();
        assertThat(MessageAnatomy.leaf(raw, -1)).isEmpty();
    }

    @Test
    void anHtmlAttachmentIsNotTheBodyAndAPlainMessageHasNoHtml() throws Exception {
        MessageAnatomy plain = MessageAnatomy.of(bytes("Subject: hi\n\nJust text\n"));
        assertThat(plain.text()).isEqualTo("Just text\r\n");
        assertThat(plain.hasHtml()).isFalse();
        assertThat(plain.attachments()).isEmpty();
        assertThat(plain.from()).isEmpty();

        MessageAnatomy attached = MessageAnatomy.of(bytes("""
                Subject: page
                Content-Type: multipart/mixed; boundary="x"

                --x
                Content-Type: text/html; name="page.html"
                Content-Disposition: attachment; filename="page.html"

                <script>alert(1)</script>
                --x--
                """));
        assertThat(attached.hasHtml()).isFalse();
        assertThat(attached.attachments()).extracting(MessageAnatomy.Attachment::filename).containsExactly("page.html");
    }

    @Test
    void brokenHeadersAndAnUnknownCharsetAreShownAsTheyAre() throws Exception {
        MessageAnatomy broken = MessageAnatomy.of(bytes("""
                From: <<<not an address
                Subject: =?x-unknown?Q?abc?=
                Content-Type: text/plain; charset=x-no-such-charset

                body
                """));
        assertThat(broken.from()).isEqualTo("<<<not an address");
        assertThat(broken.subject()).isEqualTo("=?x-unknown?Q?abc?=");
        assertThat(broken.text()).isEqualTo("body\r\n");
    }

    @Test
    void textBeyondTheLimitIsCut() throws Exception {
        MessageAnatomy huge = MessageAnatomy.of(bytes("Subject: long\n\n" + "a".repeat(MessageAnatomy.MAX_TEXT + 10)));
        assertThat(huge.text()).hasSize(MessageAnatomy.MAX_TEXT);
        assertThat(huge.textCut()).isTrue();
    }
}
