package io.mailcellar.web;

import io.mailcellar.mailbox.MailboxState;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The overview's rows, filtered, sorted and paged as the page asked, with
 * the counts the banner and the page links need.
 *
 * @param overdue how many mailboxes (of all, not only this page) are overdue
 */
@io.quarkus.qute.TemplateData
public record Overview(List<OverviewRow> rows, int matching, int total, int overdue, Query query) {

    /** What the page asked for: a text filter, one state, a sort key, and where the page starts. */
    @io.quarkus.qute.TemplateData
    public record Query(String text, MailboxState state, Sort sort, int offset, int limit) {

        public Query {
            text = text == null ? "" : text.strip();
            sort = sort == null ? Sort.ATTENTION : sort;
            offset = Math.max(0, offset);
        }

        static Query of(String text, String state, String sort, int offset, int limit) {
            MailboxState wanted = state == null ? null : java.util.Arrays.stream(MailboxState.values())
                    .filter(known -> known.wireName().equals(state.strip())).findFirst().orElse(null);
            return new Query(text, wanted, Sort.named(sort), offset, limit);
        }

        public String stateWire() {
            return state == null ? "" : state.wireName();
        }
    }

    /** The orders the table offers; ATTENTION puts what needs a person first. */
    @io.quarkus.qute.TemplateData
    public enum Sort {
        ATTENTION("attention", Comparator.comparing(OverviewRow::overdue).reversed()
                .thenComparing(row -> rank(row.state()))
                .thenComparing(row -> row.name().toLowerCase(Locale.ROOT))),
        NAME("name", Comparator.comparing(row -> row.name().toLowerCase(Locale.ROOT))),
        STATE("state", Comparator.comparing((OverviewRow row) -> row.state().wireName())
                .thenComparing(row -> row.name().toLowerCase(Locale.ROOT))),
        LAST_BACKUP("last-backup", Comparator.comparing(OverviewRow::lastBackup,
                Comparator.nullsFirst(Comparator.naturalOrder()))),
        MESSAGES("messages", Comparator.comparingLong(OverviewRow::messages).reversed()),
        BYTES("bytes", Comparator.comparingLong(OverviewRow::bytes).reversed());

        final String wire;
        final Comparator<OverviewRow> order;

        Sort(String wire, Comparator<OverviewRow> order) {
            this.wire = wire;
            this.order = order;
        }

        static Sort named(String name) {
            for (Sort sort : values()) {
                if (sort.wire.equals(name)) {
                    return sort;
                }
            }
            return ATTENTION;
        }

        public String wire() {
            return wire;
        }
    }

    static Overview of(List<OverviewRow> all, Query query) {
        String text = query.text().toLowerCase(Locale.ROOT);
        List<OverviewRow> matching = all.stream()
                .filter(row -> text.isEmpty() || row.searchable().contains(text))
                .filter(row -> query.state() == null || row.state() == query.state())
                .sorted(query.sort().order)
                .toList();
        int overdue = (int) all.stream().filter(OverviewRow::overdue).count();
        List<OverviewRow> page = matching.stream().skip(query.offset()).limit(query.limit()).toList();
        return new Overview(page, matching.size(), all.size(), overdue, query);
    }

    public boolean hasPrevious() {
        return query.offset() > 0;
    }

    public boolean hasNext() {
        return query.offset() + rows.size() < matching;
    }

    public int previousOffset() {
        return Math.max(0, query.offset() - query.limit());
    }

    public int nextOffset() {
        return query.offset() + query.limit();
    }

    /** Failing states first, then the busy, then the quiet. */
    private static int rank(MailboxState state) {
        return switch (state) {
            case AUTH_FAILED, ARCHIVE_FAILING, BACKING_OFF -> 0;
            case THROTTLED -> 1;
            case RUNNING, NEVER_POLLED -> 2;
            case OK -> 3;
            case DISABLED -> 4;
        };
    }

    /** The states the filter offers, with their words. */
    static List<StateChoice> stateChoices() {
        return java.util.Arrays.stream(MailboxState.values())
                .map(state -> new StateChoice(state.wireName(), StateLook.of(state).words())).toList();
    }

    @io.quarkus.qute.TemplateData
    public record StateChoice(String wire, String words) {
    }
}
