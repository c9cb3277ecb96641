package io.shareledger.infra.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and latencies of one kind of request in one phase: every answer received is counted by
 * its outcome (status and problem code, or timeout / I/O error); latencies (microseconds, HdrHistogram
 * with 3 significant digits) of the successful ones.
 */
final class Stats {

    private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(300);

    final Histogram latency = new ConcurrentHistogram(1, MAX_MICROS, 3);
    final LongAdder succeeded = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    void record(Api.Reply reply) {
        outcomes.computeIfAbsent(reply.outcome(), k -> new LongAdder()).increment();
        if (reply.ok()) {
            succeeded.increment();
            latency.recordValue(micros(reply.nanos()));
        }
    }

    void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    static long micros(long nanos) {
        return Math.max(1, Math.min(MAX_MICROS, nanos / 1000));
    }

    /** Every outcome that is not 2xx, with its count. */
    Map<String, Long> failures() {
        Map<String, Long> result = new TreeMap<>();
        outcomes.forEach((k, v) -> {
            if (!(k.length() == 3 && k.charAt(0) == '2')) {
                result.put(k, v.sum());
            }
        });
        return result;
    }

    long failed() {
        return failures().values().stream().mapToLong(Long::longValue).sum();
    }

    long received() {
        return outcomes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static String failureText(Map<String, Long> failures) {
        if (failures.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        failures.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
        return text.toString();
    }
}
