package io.shareledger.query.rebuild;

import java.util.function.LongSupplier;

/**
 * A running rebuild's progress, in offsets of the topic: {@code total} is the sum over the
 * partitions of (end - beginning) when the rebuild (or its resumption) started, {@code processed}
 * how far the rebuild's consumer has got past the beginning. Offsets count transaction markers too,
 * so they measure the way through the topic; {@code applied} counts the events themselves. The
 * rate is measured between two snapshots; the estimate of the time left divides what is left by
 * the rate of offsets.
 */
final class RebuildProgress {

    private long total;
    private long processed;
    private long applied;
    private long lastProcessed;
    private long lastApplied;
    private final LongSupplier nanoTime;
    private long lastNanos;
    private Double eventsPerSecond;
    private Long etaSeconds;

    /** What the registry and the log show. */
    record Snapshot(long total, long processed, Double eventsPerSecond, Long etaSeconds) {
    }

    RebuildProgress() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock rates are measured with */
    RebuildProgress(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
    }

    synchronized void start(long total, long processed) {
        this.total = total;
        this.processed = processed;
        this.lastProcessed = processed;
    }

    synchronized void advanced(long processed, int events) {
        this.processed = processed;
        this.applied += events;
    }

    /** Takes a snapshot and, if time has passed since the last one, measures the rates over that interval. */
    synchronized Snapshot snapshot() {
        long now = nanoTime.getAsLong();
        double seconds = (now - lastNanos) / 1e9;
        if (seconds > 0.5) {
            eventsPerSecond = (applied - lastApplied) / seconds;
            double offsetsPerSecond = (processed - lastProcessed) / seconds;
            long left = Math.max(0, total - processed);
            // no arithmetic ternary here: one with a null branch would unbox it and throw
            if (left == 0) {
                etaSeconds = 0L;
            } else if (offsetsPerSecond > 0) {
                etaSeconds = (long) Math.ceil(left / offsetsPerSecond);
            } else {
                etaSeconds = null;
            }
            lastNanos = now;
            lastApplied = applied;
            lastProcessed = processed;
        }
        return new Snapshot(total, processed, eventsPerSecond, etaSeconds);
    }
}
