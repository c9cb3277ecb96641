package io.shareledger.command.ratelimit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The shared buckets: one row per bucket in {@code rate_limit_bucket} (Flyway, V6), locked with
 * {@code SELECT ... FOR UPDATE} for the read-modify-write of one consumption. Row locks rather
 * than Bucket4j's advisory-lock variant, whose lock ids would share one space with every other
 * advisory lock in the database (Flyway's among them).
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfig {

    /** A full bucket is the same as no bucket: its row may go a little after it filled up. */
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);
    private static final int PURGE_BATCH = 1_000;

    @Bean
    PostgreSQLSelectForUpdateBasedProxyManager<Long> rateLimitBuckets(DataSource dataSource, RateLimitProperties properties) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .table("rate_limit_bucket")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .requestTimeout(properties.requestTimeout())
                .build();
    }

    @Bean
    RateLimiter rateLimiter(PostgreSQLSelectForUpdateBasedProxyManager<Long> rateLimitBuckets, RateLimitProperties properties,
                            MeterRegistry meters) {
        return new RateLimiter(rateLimitBuckets, properties, meters);
    }

    /** Deletes the rows of buckets that have filled up again, every minute (safe on all instances at once). */
    @Bean
    RecurringTask<Void> purgeFullRateLimitBuckets(PostgreSQLSelectForUpdateBasedProxyManager<Long> rateLimitBuckets) {
        return Tasks.recurring("purge-full-rate-limit-buckets", FixedDelay.ofMinutes(1))
                .execute((instance, context) -> {
                    int removed;
                    do {
                        removed = rateLimitBuckets.removeExpired(PURGE_BATCH);
                    } while (removed == PURGE_BATCH);
                });
    }
}
