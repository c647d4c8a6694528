package io.mailcellar.restore.export;

import io.mailcellar.archive.snapshot.TreeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MaildirNamesTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static TreeMessage imap(long uid, List<String> flags, List<String> keywords) {
        return new TreeMessage(uid, null, null, "a".repeat(64), 1234, T, null, null, flags, keywords, null, null,
                null, null);
    }

    @Test
    void flagsBecomeMaildirLettersInAsciiOrder() {
        MaildirNames names = new MaildirNames();
        assertThat(names.file(imap(42, List.of("\\Answered", "\\Draft", "\\Flagged", "\\Seen"), List.of()), 7, T))
                .isEqualTo(T.getEpochSecond() + ".U7_42.mailcellar,S=1234:2,DFRS");
        assertThat(names.file(imap(43, List.of("\\Deleted", "\\Recent"), List.of()), 7, T))
                .isEqualTo(T.getEpochSecond() + ".U7_43.mailcellar,S=1234:2,T");
        assertThat(names.file(new TreeMessage(null, 5L, "UIDL-5", "b".repeat(64), 10, null, T, null, List.of(),
                List.of(), null, null, null, null), 0, T)).isEqualTo(T.getEpochSecond() + ".N5.mailcellar,S=10:2,");
    }

    @Test
    void keywordsBecomeDovecotKeywordLetters() {
        MaildirNames names = new MaildirNames();
        assertThat(names.file(imap(1, List.of("\\Seen"), List.of("$Forwarded", "Work")), 7, T)).endsWith(":2,Sab");
        assertThat(names.file(imap(2, List.of(), List.of("Work")), 7, T)).endsWith(":2,b");
        assertThat(new String(names.dovecotKeywords(), StandardCharsets.UTF_8)).isEqualTo("0 $Forwarded\n1 Work\n");
    }

    @Test
    void keywordsPastTheTwentySixLettersAreCountedAsNotKept() {
        MaildirNames names = new MaildirNames();
        List<String> many = IntStream.range(0, 28).mapToObj(i -> "k" + i).toList();
        String name = names.file(imap(1, List.of(), many), 7, T);
        assertThat(name).endsWith(":2,abcdefghijklmnopqrstuvwxyz");
        assertThat(names.keywordsNotKept()).isEqualTo(2);
    }
}
