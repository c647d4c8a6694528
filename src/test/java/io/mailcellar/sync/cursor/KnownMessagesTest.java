package io.mailcellar.sync.cursor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A folder's known messages: a changed copy shares the segments it did not touch, and the old one stays as it was. */
class KnownMessagesTest {

    @Test
    void aCopyWithNewMailSharesEveryUntouchedSegmentAndLeavesTheOriginalAsItWas() {
        KnownMessages before = KnownMessages.of(messages(1, 5000));

        KnownMessages.Editor editor = before.edit();
        editor.put(5001, message(5001));
        editor.put(5002, message(5002));
        KnownMessages after = editor.build();

        assertThat(after).hasSize(5002).containsKeys(1L, 5000L, 5001L, 5002L);
        assertThat(before).hasSize(5000).doesNotContainKey(5001L);
        before.segments().forEach((number, segment) -> {
            if (number != CursorKeys.segmentOf(5001)) {
                assertThat(after.segments().get(number)).as("segment %d", number).isSameAs(segment);
            }
        });
        assertThat(after.segments().get(CursorKeys.segmentOf(5001))).isNotSameAs(
                before.segments().get(CursorKeys.segmentOf(5001)));
    }

    @Test
    void anEditorBuildsAgainAndAgainEachCopyFrozenAsItWasBuilt() {
        KnownMessages.Editor editor = KnownMessages.empty().edit();
        editor.put(1, message(1));
        KnownMessages first = editor.build();
        editor.put(2, message(2));
        editor.put(1, new KnownMessage(sha(1), List.of("\\Seen")));
        KnownMessages second = editor.build();
        KnownMessages third = editor.build();

        assertThat(first).isEqualTo(Map.of(1L, message(1)));
        assertThat(second).isEqualTo(Map.of(1L, new KnownMessage(sha(1), List.of("\\Seen")), 2L, message(2)));
        assertThat(third.segments().get(0L)).as("nothing changed in between").isSameAs(second.segments().get(0L));
    }

    @Test
    void aSegmentEmptiedIsDroppedAndRemovalsAreCounted() {
        KnownMessages.Editor editor = KnownMessages.of(messages(1, 600)).edit();
        for (long uid = 512; uid <= 600; uid++) {
            assertThat(editor.remove(uid)).isEqualTo(message(uid));
        }
        assertThat(editor.remove(600)).as("already gone").isNull();
        editor.remove(7);

        KnownMessages after = editor.build();

        assertThat(after.segments()).containsOnlyKeys(0L);
        assertThat(after).hasSize(510).doesNotContainKey(7L).containsKey(8L);
        assertThat(after.get(8L)).isEqualTo(message(8));
        assertThat(after.get("8")).isNull();
    }

    @Test
    void itIsAMapLikeAnyOtherInOrderOfUid() {
        Map<Long, KnownMessage> plain = messages(1, 1100);

        KnownMessages known = KnownMessages.of(plain);

        assertThat(known).isEqualTo(plain);
        assertThat(known.hashCode()).isEqualTo(plain.hashCode());
        assertThat(List.copyOf(known.keySet())).isEqualTo(List.copyOf(plain.keySet()));
        assertThat(KnownMessages.of(known)).isSameAs(known);
    }

    @Test
    void copiesAreComparedSegmentBySegment() {
        KnownMessages before = KnownMessages.of(messages(1, 2000));
        KnownMessages.Editor editor = before.edit();
        editor.put(1500, new KnownMessage(sha(1500), List.of("\\Flagged")));
        KnownMessages flagged = editor.build();
        editor.put(1500, message(1500));
        KnownMessages flaggedAndBack = editor.build();

        assertThat(flagged).isNotEqualTo(before);
        assertThat(flaggedAndBack).isEqualTo(before).isNotSameAs(before);
        assertThat(KnownMessages.of(messages(1, 2000))).isEqualTo(before);
        assertThat(KnownMessages.of(messages(2, 2001))).isNotEqualTo(before);
    }

    private static Map<Long, KnownMessage> messages(long first, long last) {
        Map<Long, KnownMessage> messages = new TreeMap<>();
        for (long uid = first; uid <= last; uid++) {
            messages.put(uid, message(uid));
        }
        return messages;
    }

    private static KnownMessage message(long uid) {
        return new KnownMessage(sha(uid), List.of());
    }

    private static String sha(long uid) {
        return String.format("%064x", uid);
    }
}
