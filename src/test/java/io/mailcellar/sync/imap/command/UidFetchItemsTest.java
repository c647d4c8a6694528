package io.mailcellar.sync.imap.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The items of a chunked fetch: flags and date with the first chunk only, the body never whole. */
class UidFetchItemsTest {

    @Test
    void theFirstChunkBringsTheItemsTheRestOnlyTheBody() {
        assertThat(UidFetchBodies.Items.ALL.chunk(0, 1024)).isEqualTo("(UID FLAGS INTERNALDATE BODY.PEEK[]<0.1024>)");
        assertThat(UidFetchBodies.Items.WITHOUT_DATE.chunk(0, 1024)).isEqualTo("(UID FLAGS BODY.PEEK[]<0.1024>)");
        assertThat(UidFetchBodies.Items.ALL.chunk(2048, 1024)).isEqualTo("(UID BODY.PEEK[]<2048.1024>)");
    }
}
