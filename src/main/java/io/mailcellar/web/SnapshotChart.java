package io.mailcellar.web;

import io.mailcellar.restore.SnapshotSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A mailbox's messages and bytes over its snapshots, as two SVG polylines
 * drawn on the server: the page loads no charting script and nothing remote.
 * Each line is scaled to its own maximum; the labels give the figures.
 */
@io.quarkus.qute.TemplateData
public record SnapshotChart(String messagePoints, String bytePoints, String firstTime, String lastTime, String maxMessages,
                     String maxBytes, int points) {

    static final int WIDTH = 600;
    static final int HEIGHT = 120;

    static SnapshotChart of(List<SnapshotSummary> newestFirst) {
        List<SnapshotSummary> oldestFirst = new ArrayList<>(newestFirst);
        oldestFirst.sort(Comparator.comparing(SnapshotSummary::time));
        long maxMessages = oldestFirst.stream().mapToLong(SnapshotSummary::messages).max().orElse(0);
        long maxBytes = oldestFirst.stream().mapToLong(SnapshotSummary::bytes).max().orElse(0);
        StringBuilder messages = new StringBuilder();
        StringBuilder bytes = new StringBuilder();
        int n = oldestFirst.size();
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? WIDTH / 2.0 : (double) i * WIDTH / (n - 1);
            append(messages, x, y(oldestFirst.get(i).messages(), maxMessages));
            append(bytes, x, y(oldestFirst.get(i).bytes(), maxBytes));
        }
        return new SnapshotChart(messages.toString(), bytes.toString(),
                n == 0 ? "" : oldestFirst.get(0).time().toString(), n == 0 ? "" : oldestFirst.get(n - 1).time().toString(),
                Sizes.count(maxMessages), Sizes.bytes(maxBytes), n);
    }

    private static double y(long value, long max) {
        return max == 0 ? HEIGHT : HEIGHT - (double) value * (HEIGHT - 4) / max;
    }

    private static void append(StringBuilder points, double x, double y) {
        if (!points.isEmpty()) {
            points.append(' ');
        }
        points.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
}
