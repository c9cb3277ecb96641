package io.shareledger.infra.ops;

import java.util.Locale;

/** Renders a rebuild's progress as one terminal line. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    /**
     * @param processed events applied so far
     * @param total     events in the topic when the rebuild started (0 when unknown)
     * @param rate      events per second
     * @param etaSeconds estimated seconds left, negative when unknown
     */
    static String render(long processed, long total, double rate, long etaSeconds) {
        double fraction = total <= 0 ? 0 : Math.min(1, (double) processed / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %5.1f%%  %,d/%,d  %,.0f ev/s  ETA %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, processed, total, rate,
                duration(etaSeconds));
    }

    static String duration(long seconds) {
        if (seconds < 0) {
            return "--";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
