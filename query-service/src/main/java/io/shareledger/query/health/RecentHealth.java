package io.shareledger.query.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A health check whose answer is reused for {@link #MAX_AGE}. Health is asked far more often than
 * a database or a broker changes (probes, load balancers, monitors); asking each time held health
 * to a few hundred requests/s and spent a tenth of a busy service's CPU on checks. While one
 * request asks, the others get the previous answer instead of queueing behind it; only the very
 * first request waits for an answer.
 */
public final class RecentHealth implements HealthIndicator {

    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Supplier<Health> check;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Checked last;

    private record Checked(Health health, long atNanos) {

        boolean fresh() {
            return System.nanoTime() - atNanos < MAX_AGE.toNanos();
        }
    }

    public RecentHealth(Supplier<Health> check) {
        this.check = check;
    }

    @Override
    public Health health() {
        Checked seen = last;
        if (seen != null && (seen.fresh() || !checking.tryLock())) {
            return seen.health();
        }
        if (seen == null) {
            checking.lock();
        }
        try {
            Checked latest = last;
            if (latest != null && latest.fresh()) {
                return latest.health();
            }
            Checked now = new Checked(check.get(), System.nanoTime());
            last = now;
            return now.health();
        } finally {
            checking.unlock();
        }
    }
}
