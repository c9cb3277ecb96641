package io.shareledger.query.position;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, until a read model has applied an aggregate's event at a given sequence number
 * (the version a write answered). Each check is one short query; no connection is held while
 * waiting between checks.
 */
@Component
public class ReadYourWrites {

    private final Positions positions;
    private final Duration maxWait;
    private final Duration pollInterval;

    ReadYourWrites(Positions positions,
                   @Value("${shareledger.read-your-writes.max-wait:5s}") Duration maxWait,
                   @Value("${shareledger.read-your-writes.poll-interval:20ms}") Duration pollInterval) {
        this.positions = positions;
        this.maxWait = maxWait;
        this.pollInterval = pollInterval;
    }

    /** @return true once the read model has reached the version, false if it did not within the bound */
    public boolean await(String readModel, String aggregateId, long version) {
        return await(() -> positions.last(readModel, aggregateId) >= version);
    }

    /** @return true once {@code reached} holds (checked every poll interval), false if it did not within the bound */
    public boolean await(BooleanSupplier reached) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
