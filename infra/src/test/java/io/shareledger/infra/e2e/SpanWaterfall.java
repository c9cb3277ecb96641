package io.shareledger.infra.e2e;

import io.shareledger.infra.e2e.OtlpReceiver.ReceivedSpan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One trace drawn as a waterfall (SVG): a row per span, indented under its parent, its bar placed
 * on the trace's time axis and coloured by service. docs/observability.md shows one from a run of
 * {@link TracingE2EIT}.
 */
final class SpanWaterfall {

    private static final int ROW = 18;
    private static final int LABEL = 520;
    private static final int BARS = 560;

    private SpanWaterfall() {
    }

    static void write(List<ReceivedSpan> trace, Path file) throws IOException {
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        Map<String, List<ReceivedSpan>> children = trace.stream()
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
                .collect(Collectors.groupingBy(ReceivedSpan::parentSpanId));
        List<ReceivedSpan> roots = trace.stream().filter(span -> !ids.contains(span.parentSpanId()))
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos)).toList();
        List<Object[]> rows = new ArrayList<>();
        roots.forEach(root -> collect(root, 0, children, rows));
        long start = trace.stream().mapToLong(ReceivedSpan::startNanos).min().orElse(0);
        long end = trace.stream().mapToLong(ReceivedSpan::endNanos).max().orElse(start + 1);
        double scale = BARS / (double) Math.max(1, end - start);

        StringBuilder svg = new StringBuilder();
        int height = (rows.size() + 2) * ROW;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL + BARS + 80).append("\" height=\"")
                .append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(4, ROW - 4, "span (service: name)", "#000"))
                .append(text(LABEL, ROW - 4, "0 ms", "#000"))
                .append(text(LABEL + BARS - 40, ROW - 4, String.format("%.1f ms", (end - start) / 1e6), "#000"));
        for (int i = 0; i < rows.size(); i++) {
            ReceivedSpan span = (ReceivedSpan) rows.get(i)[0];
            int depth = (int) rows.get(i)[1];
            int y = (i + 1) * ROW;
            String colour = span.service().contains("command") ? "#3b6ea8" : "#c0692b";
            String label = span.service().replace("shareledger-", "").replace("-service", "") + ": " + span.name();
            svg.append(text(4 + depth * 12, y + 13, label.length() > 70 ? label.substring(0, 70) + "…" : label, colour));
            double x = LABEL + (span.startNanos() - start) * scale;
            double width = Math.max(1.5, (span.endNanos() - span.startNanos()) * scale);
            svg.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    x, y + 3, width, ROW - 6, colour));
            svg.append(text((int) (x + width) + 4, y + 13,
                    String.format("%.2f ms", (span.endNanos() - span.startNanos()) / 1e6), "#555"));
        }
        svg.append("</svg>\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, svg);
    }

    private static void collect(ReceivedSpan span, int depth, Map<String, List<ReceivedSpan>> children, List<Object[]> rows) {
        rows.add(new Object[]{span, depth});
        children.getOrDefault(span.spanId(), List.of()).forEach(child -> collect(child, depth + 1, children, rows));
    }

    private static String text(int x, int y, String content, String colour) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<text x=\"" + x + "\" y=\"" + y + "\" fill=\"" + colour + "\">" + escaped + "</text>\n";
    }
}
