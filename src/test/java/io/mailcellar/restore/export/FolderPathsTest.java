package io.mailcellar.restore.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FolderPathsTest {

    @Test
    void maildirPlusPlusNamesFolderDirectories() {
        assertThat(FolderPaths.maildirFolder("INBOX", "/")).isEmpty();
        assertThat(FolderPaths.maildirFolder("Sent", "/")).isEqualTo(".Sent");
        assertThat(FolderPaths.maildirFolder("INBOX/Sub", "/")).isEqualTo(".INBOX.Sub");
        assertThat(FolderPaths.maildirFolder("Projekte/Größe", "/")).isEqualTo(".Projekte.Größe");
        assertThat(FolderPaths.maildirFolder("Projects.Alpha", ".")).isEqualTo(".Projects.Alpha");
        assertThat(FolderPaths.maildirFolder("v1.2/notes", "/")).isEqualTo(".v1%2E2.notes");
        assertThat(FolderPaths.maildirFolder("100%", null)).isEqualTo(".100%25");
    }

    @Test
    void mboxFilesFollowTheHierarchy() {
        assertThat(FolderPaths.mboxFile("INBOX", "/")).isEqualTo("INBOX.mbox");
        assertThat(FolderPaths.mboxFile("Projects/Alpha", "/")).isEqualTo("Projects/Alpha.mbox");
        assertThat(FolderPaths.mboxFile("Projects.Alpha", ".")).isEqualTo("Projects/Alpha.mbox");
        assertThat(FolderPaths.mboxFile("a/b", ".")).isEqualTo("a%2Fb.mbox");
        assertThat(FolderPaths.mboxFile("INBOX", null)).isEqualTo("INBOX.mbox");
    }

    @Test
    void hostileFolderNamesNeverLeaveTheExport() {
        assertThat(FolderPaths.mboxFile("../../etc/passwd", "/")).isEqualTo("%2E./%2E./etc/passwd.mbox");
        assertThat(FolderPaths.mboxFile("..", "/")).isEqualTo("%2E..mbox");
        assertThat(FolderPaths.mboxFile("/abs//x", "/")).isEqualTo("%00/abs/%00/x.mbox");
        assertThat(FolderPaths.mboxFile("a\\b\nc", "/")).isEqualTo("a%5Cb%0Ac.mbox");
        assertThat(FolderPaths.maildirFolder("../../etc", "/")).isEqualTo(".%2E%2E.%2E%2E.etc");
        assertThat(FolderPaths.maildirFolder("x/..", "/")).isEqualTo(".x.%2E%2E");
        for (String path : new String[]{FolderPaths.mboxFile("../../etc/passwd", "/"),
                FolderPaths.maildirFolder("../..", "/")}) {
            assertThat(path.split("/")).doesNotContain("..", ".", "");
        }
    }
}
