package io.mailcellar.sync.imap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FolderFilterTest {

    @Test
    void starMatchesAcrossLevelsAndPercentWithinOne() {
        assertThat(FolderFilter.matches("*", "Projects/Alpha", '/')).isTrue();
        assertThat(FolderFilter.matches("Projects/*", "Projects/Alpha/2026", '/')).isTrue();
        assertThat(FolderFilter.matches("Projects/%", "Projects/Alpha", '/')).isTrue();
        assertThat(FolderFilter.matches("Projects/%", "Projects/Alpha/2026", '/')).isFalse();
        assertThat(FolderFilter.matches("Projects.%", "Projects.Alpha", '.')).isTrue();
        assertThat(FolderFilter.matches("Projects.%", "Projects.Alpha.2026", '.')).isFalse();
    }

    @Test
    void otherCharactersAreLiteral() {
        assertThat(FolderFilter.matches("[Gmail]/All Mail", "[Gmail]/All Mail", '/')).isTrue();
        assertThat(FolderFilter.matches("a.b", "axb", '/')).isFalse();
        assertThat(FolderFilter.matches("Réunions/*", "Réunions/Été", '/')).isTrue();
    }

    @Test
    void inboxIsCaseInsensitive() {
        assertThat(FolderFilter.matches("INBOX", "Inbox", '/')).isTrue();
        assertThat(FolderFilter.matches("inbox", "INBOX", '/')).isTrue();
    }

    @Test
    void excludeWinsOverInclude() {
        FolderFilter filter = new FolderFilter(List.of("*"), List.of("Junk", "Trash/*"));
        assertThat(filter.accepts("INBOX", '/')).isTrue();
        assertThat(filter.accepts("Junk", '/')).isFalse();
        assertThat(filter.accepts("Trash/Old", '/')).isFalse();
        assertThat(filter.accepts("Trash", '/')).isTrue();
    }

    /** A pattern from a user cannot make matching slow: a backtracking regular expression would take ages here. */
    @Test
    void aHostilePatternIsMatchedInLinearTime() {
        String name = "a".repeat(250);
        assertThat(FolderFilter.matches("*a*a*a*a*a*a*a*a*a*a*a*a*b", name, '/')).isFalse();
        assertThat(FolderFilter.matches("%a%a%a%a%a%a%a%a%a%a%a%a%b", name, '/')).isFalse();
        assertThat(FolderFilter.matches("*a*a*a*a*a*a*a*a*a*a*a*a*a", name, '/')).isTrue();
    }

    @Test
    void inboxMatchesWithoutCase() {
        assertThat(FolderFilter.matches("inbox", "INBOX", '/')).isTrue();
        assertThat(FolderFilter.matches("INBOX", "Inbox", '/')).isTrue();
        assertThat(FolderFilter.matches("*", "Top", (char) 0)).isTrue();
    }
}
