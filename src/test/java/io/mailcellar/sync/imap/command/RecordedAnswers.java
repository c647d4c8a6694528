package io.mailcellar.sync.imap.command;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * IMAP server answers as recorded from Dovecot 2.3 (its rawlog), read by
 * Angus' own protocol reader from the bytes, as a live session reads them.
 */
public final class RecordedAnswers {

    private RecordedAnswers() {
    }

    /** Every line of the answer, the tagged result last. */
    public static Response[] answer(String... lines) throws Exception {
        IMAPProtocol reader = new IMAPProtocol(new ByteArrayInputStream(
                (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()), new Properties(), false);
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            responses.add(reader.readResponse());
        }
        return responses.toArray(Response[]::new);
    }

    /** One untagged FETCH response. */
    public static FetchResponse fetch(String line) throws Exception {
        return (FetchResponse) answer(line)[0];
    }
}
