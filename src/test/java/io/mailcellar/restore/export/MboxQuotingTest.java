package io.mailcellar.restore.export;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MboxQuotingTest {

    private static String quoted(String message, boolean byteByByte) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MboxQuoting quoting = new MboxQuoting(out);
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (byte b : bytes) {
                quoting.write(b);
            }
        } else {
            quoting.write(bytes, 0, bytes.length);
        }
        quoting.endMessage();
        quoting.close();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesThatReadAsSeparatorsGetOneMoreGreaterThanSign() throws IOException {
        String message = "Subject: x\r\n\r\nFrom here\r\n>From there\r\n>>>From far\r\nFromage\r\n>Frog\r\n"
                + "From\r\n a From in the middle\r\n>\r\n>>\r\n";
        String expected = "Subject: x\r\n\r\n>From here\r\n>>From there\r\n>>>>From far\r\nFromage\r\n>Frog\r\n"
                + "From\r\n a From in the middle\r\n>\r\n>>\r\n\n";
        assertThat(quoted(message, false)).isEqualTo(expected);
        assertThat(quoted(message, true)).isEqualTo(expected);
    }

    @Test
    void theFirstLineAndAnUnfinishedLastLineAreQuotedToo() throws IOException {
        assertThat(quoted("From the start\r\nbody", false)).isEqualTo(">From the start\r\nbody\n");
        assertThat(quoted("x\n>>", false)).isEqualTo("x\n>>\n");
        assertThat(quoted("x\n>Fro", true)).isEqualTo("x\n>Fro\n");
    }

    @Test
    void aHostileRunOfGreaterThanSignsIsCountedNotHeld() throws IOException {
        String run = ">".repeat(1_000_000);
        assertThat(quoted(run + "From x\n", false)).isEqualTo(">" + run + "From x\n\n");
    }

    @Test
    void theSeparatorLineCarriesTheTimeInAsctimeForm() {
        assertThat(new String(MboxQuoting.fromLine(Instant.parse("2026-12-03T10:00:00Z")), StandardCharsets.US_ASCII))
                .isEqualTo("From MAILER-DAEMON Thu Dec  3 10:00:00 2026\n");
        assertThat(new String(MboxQuoting.fromLine(Instant.parse("2026-11-24T23:59:59.900Z")),
                StandardCharsets.US_ASCII)).isEqualTo("From MAILER-DAEMON Tue Nov 24 23:59:59 2026\n");
    }
}
