package io.shareledger.query.position;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
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
 * {@code saturated} (no waiter slot was free).
 */
@Component
public class ReadYourWrites {

    private final Positions positions;
    private final Duration maxWait;
    private final Duration pollInterval;

    private final Semaphore waiters;
    private final Timer immediate;
    private final Timer reached;
    private final Timer timeout;
    private final Timer saturated;

    ReadYourWrites(Positions positions,
                   @Value("${shareledger.read-your-writes.max-wait:5s}") Duration maxWait,
                   @Value("${shareledger.read-your-writes.poll-interval:20ms}") Duration pollInterval,
                   @Value("${shareledger.read-your-writes.max-waiters:64}") int maxWaiters,
                   MeterRegistry meters) {
        this.positions = positions;
        this.maxWait = maxWait;
        this.pollInterval = pollInterval;
        this.waiters = new Semaphore(maxWaiters);
        this.immediate = timer(meters, "immediate");
        this.reached = timer(meters, "reached");
        this.timeout = timer(meters, "timeout");
        this.saturated = timer(meters, "saturated");
    }

    private static Timer timer(MeterRegistry meters, String outcome) {
        return Timer.builder("shareledger.read.your.writes.waits")
                .description("Read-your-writes waits (waitFor, minVersion) by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** @return true once the read model has reached the version, false if it did not within the bound */
    public boolean await(String readModel, String aggregateId, long version) {
        return await(() -> positions.last(readModel, aggregateId) >= version);
    }

    /** @return true once {@code reached} holds (checked every poll interval), false if it did not within the bound */
    public boolean await(BooleanSupplier reached) {
        long start = System.nanoTime();
        if (reached.getAsBoolean()) {
            return record(immediate, start, true);
        }
        if (!waiters.tryAcquire()) {
            return record(saturated, start, false);
        }
        try {
            long deadline = start + maxWait.toNanos();
            while (!reached.getAsBoolean()) {
                if (System.nanoTime() >= deadline) {
                    return record(timeout, start, false);
                }
                Thread.sleep(pollInterval.toMillis());
            }
            return record(this.reached, start, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return record(timeout, start, false);
        } finally {
            waiters.release();
        }
    }

    private static boolean record(Timer timer, long start, boolean outcome) {
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return outcome;
    }
}
