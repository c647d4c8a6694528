package io.mailcellar.restore.select;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderSelectionTest {

    @Test
    void noPatternsSelectEveryFolder() {
        assertThat(FolderSelection.ALL.includes("Anything/At/All", "/")).isTrue();
        assertThat(new FolderSelection(null).includes("INBOX", null)).isTrue();
    }

    @Test
    void listPatternsMatchAsImapDefinesThem() {
        FolderSelection projects = new FolderSelection(List.of("INBOX", "Projects/*"));
        assertThat(projects.includes("INBOX", "/")).isTrue();
        assertThat(projects.includes("Projects/Alpha", "/")).isTrue();
        assertThat(projects.includes("Projects/Alpha/2026", "/")).isTrue();
        assertThat(projects.includes("Projects", "/")).isFalse();
        assertThat(projects.includes("Sent", "/")).isFalse();

        FolderSelection oneLevel = new FolderSelection(List.of("Projects/%"));
        assertThat(oneLevel.includes("Projects/Alpha", "/")).isTrue();
        assertThat(oneLevel.includes("Projects/Alpha/2026", "/")).isFalse();
        assertThat(oneLevel.includes("Projects.Alpha", ".")).isFalse();
        assertThat(new FolderSelection(List.of("Projects.%")).includes("Projects.Alpha", ".")).isTrue();

        assertThat(FolderSelection.matches("%", "Top", "/")).isTrue();
        assertThat(FolderSelection.matches("%", "Top/Sub", "/")).isFalse();
        assertThat(FolderSelection.matches("*", "", "/")).isTrue();
        assertThat(FolderSelection.matches("*a*b", "xxaxxbxxb", "/")).isTrue();
        assertThat(FolderSelection.matches("*a*b", "xxaxxbxxc", "/")).isFalse();
        assertThat(FolderSelection.matches("%/*/Archiv", "Kunden/Müller/Archiv", "/")).isTrue();
        assertThat(FolderSelection.matches("Gr%e", "Größe", "/")).isTrue();
        assertThat(FolderSelection.matches("INBOX", "INBOX/Sub", "/")).isFalse();
    }

    @Test
    void aPatternBuiltToBacktrackStillAnswers() {
        String name = "a".repeat(100_000);
        assertThat(FolderSelection.matches("*a*a*a*a*a*a*a*a*b", name, "/")).isFalse();
        assertThat(FolderSelection.matches("%a%a%a%a%a%a%a%a%b", name, "/")).isFalse();
    }

    @Test
    void tooManyOrMalformedPatternsAreRefusedWithWhatToFix() {
        assertThatThrownBy(() -> new FolderSelection(Collections.nCopies(101, "INBOX")))
                .hasMessage("at most 100 folder patterns, not 101");
        assertThatThrownBy(() -> new FolderSelection(List.of("")))
                .hasMessage("a folder pattern has 1 to 256 characters, e.g. INBOX or Projects/*");
        assertThatThrownBy(() -> new FolderSelection(List.of("x".repeat(257))))
                .hasMessageContaining("1 to 256 characters");
    }
}
