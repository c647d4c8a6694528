package io.mailcellar.sync.cursor;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A maildrop's known messages: new ones fill the last segment whatever their
 * UIDLs look like, so a batch touches one or two segments; a changed copy
 * shares the rest.
 */
class Pop3MessagesTest {

    @Test
    void newMessagesFillTheLastSegmentThenANewOneWhateverTheirUidls() {
        Pop3Messages.Editor editor = Pop3Messages.empty().edit();
        // Random UIDLs, as some servers give them: ordered by name they would land all over the maildrop.
        for (int i = 0; i < 1000; i++) {
            editor.put(UUID.randomUUID().toString(), message(i));
        }
        Pop3Messages first = editor.build();
        assertThat(first.segments()).containsOnlyKeys(0L, 1L);
        assertThat(first.segments().get(0L)).hasSize(Segments.CAPACITY);

        for (int i = 1000; i < 1200; i++) {
            editor.put(UUID.randomUUID().toString(), message(i));
        }
        Pop3Messages second = editor.build();

        assertThat(second).hasSize(1200);
        assertThat(second.segments()).containsOnlyKeys(0L, 1L, 2L);
        assertThat(second.segments().get(0L)).as("untouched by the batch").isSameAs(first.segments().get(0L));
        assertThat(second.segments().get(1L)).hasSize(Segments.CAPACITY);
        assertThat(first).as("the copy saved before is as it was").hasSize(1000);
    }

    @Test
    void aKnownIdentityIsReplacedWhereItIsAndAGoneOneLeavesAHole() {
        Pop3Messages.Editor editor = Pop3Messages.empty().edit();
        for (int i = 0; i < 600; i++) {
            editor.put("u-" + i, message(i));
        }
        Pop3Messages before = editor.build();
        editor = before.edit();

        editor.put("u-3", message(9999));
        assertThat(editor.remove("u-4")).isEqualTo(message(4));
        assertThat(editor.remove("u-4")).isNull();
        editor.put("u-new", message(600));
        Pop3Messages after = editor.build();

        assertThat(after).hasSize(600).doesNotContainKey("u-4").containsKey("u-new");
        assertThat(after.get("u-3")).isEqualTo(message(9999));
        assertThat(after.segments().get(0L)).hasSize(Segments.CAPACITY - 1).containsKey("u-3");
        assertThat(after.segments().get(1L)).containsKey("u-new");
        assertThat(before.get("u-3")).isEqualTo(message(3));
        assertThat(before.get("u-new")).isNull();
    }

    @Test
    void aSegmentEmptiedIsDroppedAndTheNextNewMessageGoesLast() {
        Pop3Messages.Editor editor = Pop3Messages.empty().edit();
        for (int i = 0; i < 600; i++) {
            editor.put("u-" + i, message(i));
        }
        for (int i = 0; i < 512; i++) {
            editor.remove("u-" + i);
        }
        editor.put("u-600", message(600));

        Pop3Messages after = editor.build();

        assertThat(after.segments()).containsOnlyKeys(1L);
        assertThat(after).hasSize(89).containsKey("u-600");
    }

    @Test
    void itIsAMapLikeAnyOtherReadBackFromItsSegments() {
        Map<String, KnownMessage> plain = new HashMap<>();
        for (int i = 0; i < 700; i++) {
            plain.put("headers:" + i, message(i));
        }

        Pop3Messages known = Pop3Messages.of(plain);
        Pop3Messages read = Pop3Messages.ofSegments(known.segments());

        assertThat(known).isEqualTo(plain);
        assertThat(read).isEqualTo(plain);
        assertThat(read.get("headers:5")).isEqualTo(message(5));
        assertThat(read.containsKey("headers:700")).isFalse();
        assertThat(read.hashCode()).isEqualTo(plain.hashCode());
        assertThat(Pop3Messages.of(known)).isSameAs(known);
    }

    @Test
    void theSameMessagesAreEqualWhereverTheirSegmentsPutThem() {
        Pop3Messages.Editor one = Pop3Messages.empty().edit();
        Pop3Messages.Editor other = Pop3Messages.empty().edit();
        for (int i = 0; i < 600; i++) {
            one.put("u-" + i, message(i));
            other.put("u-" + (599 - i), message(599 - i));
        }
        Pop3Messages first = one.build();
        Pop3Messages second = other.build();
        assertThat(first.segments().get(0L)).isNotEqualTo(second.segments().get(0L));

        assertThat(first).isEqualTo(second);
        one.put("u-5", message(5000));
        assertThat(one.build()).isNotEqualTo(second);
    }

    private static KnownMessage message(int n) {
        return new KnownMessage(String.format("%064x", n), List.of());
    }
}
