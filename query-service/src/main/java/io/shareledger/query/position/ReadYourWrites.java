package io.shareledger.query.position;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, until a read model has applied an aggregate's event at a given sequence number
 * (the version a write answered). Each check is one short query; no connection is held while
 * waiting between checks. At most {@code max-waiters} requests wait at once: a request that would
 * wait beyond that answers at once, as one whose wait ran out (stale), so that waits for versions
 * that never come cannot take every request thread.
 */
@Component
public class ReadYourWrites {

    private final Positions positions;
    private final Duration maxWait;
    private final Duration pollInterval;

    private final Semaphore waiters;

    ReadYourWrites(Positions positions,
                   @Value("${shareledger.read-your-writes.max-wait:5s}") Duration maxWait,
                   @Value("${shareledger.read-your-writes.poll-interval:20ms}") Duration pollInterval,
                   @Value("${shareledger.read-your-writes.max-waiters:64}") int maxWaiters) {
        this.positions = positions;
        this.maxWait = maxWait;
        this.pollInterval = pollInterval;
        this.waiters = new Semaphore(maxWaiters);
    }

    /** @return true once the read model has reached the version, false if it did not within the bound */
    public boolean await(String readModel, String aggregateId, long version) {
        return await(() -> positions.last(readModel, aggregateId) >= version);
    }

    /** @return true once {@code reached} holds (checked every poll interval), false if it did not within the bound */
    public boolean await(BooleanSupplier reached) {
        if (reached.getAsBoolean()) {
            return true;
        }
        if (!waiters.tryAcquire()) {
            return false;
        }
        try {
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (!reached.getAsBoolean()) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(pollInterval.toMillis());
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiters.release();
        }
    }
}
