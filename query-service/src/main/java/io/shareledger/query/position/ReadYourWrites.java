package io.shareledger.query.position;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, until a read model has applied an aggregate's event at a given sequence number
 * (the version a write answered). Each check is one short query; no connection is held while
 * waiting between checks. At most {@code max-waiters} requests wait at once: a request that would
 * wait beyond that answers at once, as one whose wait ran out (stale), so that waits for versions
 * that never come cannot take every request thread.
 * <p>
 * Each call is timed in {@code shareledger.read.your.writes.waits} by outcome: {@code immediate}
 * (reached before any wait), {@code reached} (after waiting), {@code timeout} (the bound ran out),
 * {@code saturated} (no waiter slot was free), and traced as a span {@code read-your-writes wait}
 * (tagged with the read model and the outcome) within the request's trace: the trace of a write
 * followed by a read shows how long the read waited for the projection's span.
 */
@Component
public class ReadYourWrites {

    private final Positions positions;
    private final Duration maxWait;
    private final Duration pollInterval;
    private final Tracer tracer;

    private final Semaphore waiters;
    private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);

    private enum Outcome {
        IMMEDIATE, REACHED, TIMEOUT, SATURATED;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    ReadYourWrites(Positions positions,
                   @Value("${shareledger.read-your-writes.max-wait:5s}") Duration maxWait,
                   @Value("${shareledger.read-your-writes.poll-interval:20ms}") Duration pollInterval,
                   @Value("${shareledger.read-your-writes.max-waiters:64}") int maxWaiters,
                   MeterRegistry meters,
                   Tracer tracer) {
        this.positions = positions;
        this.tracer = tracer;
        this.maxWait = maxWait;
        this.pollInterval = pollInterval;
        this.waiters = new Semaphore(maxWaiters);
        for (Outcome outcome : Outcome.values()) {
            timers.put(outcome, Timer.builder("shareledger.read.your.writes.waits")
                    .description("Read-your-writes waits (waitFor, minVersion) by outcome")
                    .tag("outcome", outcome.tag)
                    .register(meters));
        }
    }

    /** @return true once the read model has reached the version, false if it did not within the bound */
    public boolean await(String readModel, String aggregateId, long version) {
        return await(readModel, () -> positions.last(readModel, aggregateId) >= version);
    }

    /** @return true once {@code reached} holds (checked every poll interval), false if it did not within the bound */
    public boolean await(String readModel, BooleanSupplier reached) {
        Span span = tracer.nextSpan().name("read-your-writes wait").tag("read_model", readModel).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            long start = System.nanoTime();
            Outcome outcome = waitUntil(reached);
            timers.get(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            span.tag("outcome", outcome.tag);
            return outcome == Outcome.IMMEDIATE || outcome == Outcome.REACHED;
        } finally {
            span.end();
        }
    }

    private Outcome waitUntil(BooleanSupplier reached) {
        if (reached.getAsBoolean()) {
            return Outcome.IMMEDIATE;
        }
        if (!waiters.tryAcquire()) {
            return Outcome.SATURATED;
        }
        try {
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (!reached.getAsBoolean()) {
                if (System.nanoTime() >= deadline) {
                    return Outcome.TIMEOUT;
                }
                Thread.sleep(pollInterval.toMillis());
            }
            return Outcome.REACHED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.TIMEOUT;
        } finally {
            waiters.release();
        }
    }
}
