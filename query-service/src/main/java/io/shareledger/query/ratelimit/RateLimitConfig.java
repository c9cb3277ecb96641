package io.shareledger.query.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The shared buckets: one row per bucket in {@code rate_limit_bucket} (Flyway, V4), locked with
 * {@code SELECT ... FOR UPDATE} for the read-modify-write of one consumption. Row locks rather
 * than Bucket4j's advisory-lock variant, whose lock ids would share one space with every other
 * advisory lock in the database (Flyway's among them).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
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
    @Component
    static class Purge {

        private final PostgreSQLSelectForUpdateBasedProxyManager<Long> rateLimitBuckets;

        Purge(PostgreSQLSelectForUpdateBasedProxyManager<Long> rateLimitBuckets) {
            this.rateLimitBuckets = rateLimitBuckets;
        }

        @Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.MINUTES)
        void purgeFullBuckets() {
            int removed;
            do {
                removed = rateLimitBuckets.removeExpired(PURGE_BATCH);
            } while (removed == PURGE_BATCH);
        }
    }
}
