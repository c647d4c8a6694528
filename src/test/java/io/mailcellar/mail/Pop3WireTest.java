package io.mailcellar.mail;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading POP3 answers from the wire: lines, and multi-line answers
 * dot-unstuffed exactly as RFC 1939 says, however the bytes arrive.
 */
class Pop3WireTest {

    @Test
    void unstuffsDotsAndStopsAtTheTerminatingLine() throws IOException {
        Pop3Wire wire = wire("Subject: x\r\n..leading dot\r\n...\r\n.\r\n+OK next\r\n", 64);

        assertThat(text(wire.readMultiline(10, Long.MAX_VALUE))).isEqualTo("Subject: x\r\n.leading dot\r\n..\r\n");
        assertThat(wire.readLine()).isEqualTo("+OK next");
    }

    @Test
    void aDotLineWithoutCrIsStuffedNotTheEnd() throws IOException {
        // Only ".\r" ends an answer; any other dot at a line start is a stuffed dot and is dropped.
        Pop3Wire wire = wire("a\n.\nb\r\n.x\r\n.\r\n", 64);

        assertThat(text(wire.readMultiline(0, Long.MAX_VALUE))).isEqualTo("a\n\nb\r\nx\r\n");
    }

    @Test
    void readsTheSameBytesHoweverTheyAreSplitIntoReads() throws IOException {
        Random random = new Random(7);
        StringBuilder message = new StringBuilder();
        for (int line = 0; line < 20_000; line++) {
            int kind = random.nextInt(10);
            String start = kind == 0 ? "." : kind == 1 ? ".." : "";
            message.append(start).append("line ").append(line).append(" ".repeat(random.nextInt(90)));
            message.append(kind == 2 ? "\n" : "\r\n");
        }
        String original = message.toString();
        String answer = stuff(original) + ".\r\n+OK after\r\n";

        for (int maxRead : new int[]{1, 2, 3, 7, 1000, 100_000}) {
            Pop3Wire wire = wire(answer, maxRead);
            assertThat(text(wire.readMultiline(original.length() / 3, Long.MAX_VALUE)))
                    .as("reads of up to %d bytes", maxRead).isEqualTo(original);
            assertThat(wire.readLine()).isEqualTo("+OK after");

            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            Pop3Wire streaming = wire(answer, maxRead);
            assertThat(streaming.copyMultiline(streamed, Long.MAX_VALUE)).isEqualTo(original.length());
            assertThat(text(streamed.toByteArray())).as("streamed, reads of up to %d bytes", maxRead)
                    .isEqualTo(original);
            assertThat(streaming.readLine()).isEqualTo("+OK after");
        }
    }

    @Test
    void anAnswerWithoutEndFailsOnceItPassesTheLimitNotWhenTheMemoryIsFull() throws IOException {
        // 10 MB of lines and no terminating dot: a server that sends for ever, read with a 1 MB limit.
        Pop3Wire wire = wire(("x".repeat(98) + "\r\n").repeat(100_000), 64 * 1024);

        assertThatThrownBy(() -> wire.readMultiline(100, 1024 * 1024)).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 1048576 bytes (mailcellar.mail.max-message-size)");
    }

    @Test
    void anAnswerCutOffIsAnErrorNotAShorterMessage() throws IOException {
        Pop3Wire wire = wire("Subject: x\r\nbody\r\n", 5);

        assertThatThrownBy(() -> wire.readMultiline(0, Long.MAX_VALUE)).isInstanceOf(EOFException.class)
                .hasMessageContaining("closed the connection in the middle of a multi-line answer");
    }

    @Test
    void aLineWithoutEndIsRefusedOnceItIsTooLong() throws IOException {
        Pop3Wire wire = wire("+OK " + "x".repeat(Pop3Wire.MAX_LINE + 10), 4096);

        assertThatThrownBy(wire::readLine).isInstanceOf(IOException.class).hasMessageContaining("longer than");
    }

    @Test
    void bytesSentAheadOfATlsHandshakeAreRefused() throws IOException {
        // A man in the middle may append commands' answers to "+OK Begin TLS"; they must never be read as secured.
        Pop3Wire wire = wire("+OK Begin TLS\r\n+OK injected\r\n", 4096);
        assertThat(wire.readLine()).isEqualTo("+OK Begin TLS");

        assertThatThrownBy(() -> wire.upgrade(new ScriptedSocket("", 1))).isInstanceOf(IOException.class)
                .hasMessageContaining("unexpected bytes before the TLS handshake");
    }

    @Test
    void writesCommandsAsLinesEndedByCrLf() throws IOException {
        ScriptedSocket socket = new ScriptedSocket("", 1);
        Pop3Wire wire = new Pop3Wire(socket);

        wire.writeLine("TOP 3 0");

        assertThat(socket.written()).isEqualTo("TOP 3 0\r\n");
    }

    /** RFC 1939: a line that starts with a dot gets one more. */
    private static String stuff(String message) {
        StringBuilder stuffed = new StringBuilder();
        boolean lineStart = true;
        for (char c : message.toCharArray()) {
            if (lineStart && c == '.') {
                stuffed.append('.');
            }
            stuffed.append(c);
            lineStart = c == '\n';
        }
        return stuffed.toString();
    }

    private static Pop3Wire wire(String serverBytes, int maxRead) throws IOException {
        return new Pop3Wire(new ScriptedSocket(serverBytes, maxRead));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A socket whose server side is a script, handed out at most {@code maxRead} bytes per read. */
    private static final class ScriptedSocket extends Socket {
        private final InputStream in;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        ScriptedSocket(String serverBytes, int maxRead) {
            ByteArrayInputStream script = new ByteArrayInputStream(serverBytes.getBytes(StandardCharsets.ISO_8859_1));
            this.in = new InputStream() {
                @Override
                public int read() {
                    return script.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return script.read(b, off, Math.min(len, maxRead));
                }
            };
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        String written() {
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
