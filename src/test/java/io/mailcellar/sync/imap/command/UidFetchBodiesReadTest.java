package io.mailcellar.sync.imap.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What one FETCH answer of a broken or hostile server becomes: a message, or a named reason, never an empty one. */
class UidFetchBodiesReadTest {

    @Test
    void aWholeAnswerIsTheMessageAsSent() throws Exception {
        UidFetchBodies.Answer answer = UidFetchBodies.read(RecordedAnswers.fetch(
                "* 3 FETCH (UID 7 FLAGS (\\Seen) INTERNALDATE \"03-Dec-2026 10:00:00 +0000\" BODY[] {4}\r\nab\r\n)"));

        assertThat(answer).isInstanceOf(UidFetchBodies.FetchedMessage.class);
        UidFetchBodies.FetchedMessage message = (UidFetchBodies.FetchedMessage) answer;
        assertThat(message.uid()).isEqualTo(7);
        assertThat(message.flags()).containsExactly("\\Seen");
        assertThat(message.internalDate()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(new String(message.bytes(), message.offset(), message.length(), StandardCharsets.US_ASCII))
                .isEqualTo("ab\r\n");
    }

    @Test
    void aNilBodyIsUnreadableNotAnEmptyMessage() throws Exception {
        UidFetchBodies.Answer answer = UidFetchBodies.read(RecordedAnswers.fetch(
                "* 5 FETCH (UID 5 FLAGS () INTERNALDATE \"03-Dec-2026 10:00:00 +0000\" BODY[] NIL)"));

        assertThat(answer).isEqualTo(new UidFetchBodies.Unreadable(5, "the server sent no body for it (BODY[] NIL)"));
    }

    @Test
    void anEmptyStringIsAnEmptyMessage() throws Exception {
        UidFetchBodies.Answer answer = UidFetchBodies.read(RecordedAnswers.fetch(
                "* 5 FETCH (UID 5 FLAGS () BODY[] \"\")"));

        assertThat(answer).isInstanceOf(UidFetchBodies.FetchedMessage.class);
        assertThat(((UidFetchBodies.FetchedMessage) answer).length()).isZero();
    }

    @Test
    void anAnswerWithoutItsBodyIsUnreadable() throws Exception {
        UidFetchBodies.Answer answer = UidFetchBodies.read(RecordedAnswers.fetch(
                "* 5 FETCH (UID 5 FLAGS () INTERNALDATE \"03-Dec-2026 10:00:00 +0000\")"));

        assertThat(answer).isEqualTo(new UidFetchBodies.Unreadable(5, "the server's answer for it had no body"));
    }

    @Test
    void aFlagUpdateOrAnAnswerWithoutUidNamesNoMessage() throws Exception {
        assertThat(UidFetchBodies.read(RecordedAnswers.fetch("* 5 FETCH (UID 5 FLAGS (\\Seen))"))).isNull();
        assertThat(UidFetchBodies.read(RecordedAnswers.fetch("* 5 FETCH (FLAGS (\\Seen) BODY[] {2}\r\nab)")))
                .isNull();
    }
}
