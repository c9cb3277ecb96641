package io.shareledger.command.ratelimit;

import com.zaxxer.hikari.HikariDataSource;
import io.shareledger.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a limited request costs: the time of one consumption, measured against the real
 * PostgreSQL of the tests (Bucket4j's row lock, read, update and commit), and in memory for
 * health. It prints the figures quoted in docs/operations.md and asserts only that the buckets
 * count right, never a time. {@code -Drate-limit.cost.samples=N} measures longer.
 */
class RateLimitCostIT {

    private static final int SAMPLES = Integer.getInteger("rate-limit.cost.samples", 2_000);
    private static final int WARMUP = 500;
    private static final RateLimitProperties.Sync EXACT = new RateLimitProperties.Sync(0, Duration.ofSeconds(5));

    private static HikariDataSource dataSource;
    private static RateLimiter limiter;

    @BeforeAll
    static void migrate() {
        dataSource = migratedPool();
        RateLimitProperties.Limit unlimited = new RateLimitProperties.Limit(1_000_000_000L, 1_000_000_000L, Duration.ofSeconds(1));
        // every consumption on the row (no copy synchronised now and then): the cost of one round trip
        RateLimitProperties properties = new RateLimitProperties(true, unlimited, unlimited, unlimited, unlimited,
                Duration.ofMillis(500), EXACT);
        limiter = new RateLimiter(new RateLimitConfig().rateLimitBuckets(dataSource, properties), properties,
                new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    /** A small pool on a fresh database of the tests, migrated (the rate-limit table among the rest). */
    static HikariDataSource migratedPool() {
        TestDatabase db = TestDatabase.get().fresh();
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).load().migrate();
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(db.url());
        pool.setUsername(db.user());
        pool.setPassword(db.password());
        pool.setMaximumPoolSize(4);
        return pool;
    }

    @Test
    void oneSubjectRequestAfterRequest() {
        String caller = "sub:" + UUID.randomUUID();
        report("shared bucket, one subject (row exists)", i -> limiter.consume(RequestClass.WRITE, caller));
    }

    @Test
    void aNewSubjectEachRequest() {
        report("shared bucket, a new subject each time (insert)", i -> limiter.consume(RequestClass.READ, "sub:" + UUID.randomUUID()));
    }

    @Test
    void healthInMemory() {
        report("health, in memory, one address", i -> limiter.consume(RequestClass.HEALTH, "address:127.0.0.1"));
    }

    @Test
    void aLowLimitCountsExactly() {
        RateLimitProperties.Limit ten = new RateLimitProperties.Limit(10, 1, Duration.ofHours(1));
        RateLimitProperties properties = new RateLimitProperties(true, ten, ten, ten, ten, Duration.ofMillis(500), EXACT);
        RateLimiter low = new RateLimiter(new RateLimitConfig().rateLimitBuckets(dataSource, properties), properties,
                new SimpleMeterRegistry());
        String caller = "sub:" + UUID.randomUUID();
        long allowed = 0;
        for (int i = 0; i < 25; i++) {
            allowed += low.consume(RequestClass.WRITE, caller).allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
    }

    private static void report(String what, IntFunction<RateLimiter.Outcome> consumption) {
        for (int i = 0; i < WARMUP; i++) {
            assertThat(consumption.apply(i)).isNotNull();
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            RateLimiter.Outcome outcome = consumption.apply(i);
            nanos[i] = System.nanoTime() - start;
            assertThat(outcome).as("the store answered").isNotNull();
            assertThat(outcome.allowed()).isTrue();
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(nanos).average().orElseThrow();
        System.out.printf("rate-limit cost, %s: %d samples, mean %.3f ms, p50 %.3f ms, p99 %.3f ms%n", what, SAMPLES,
                mean / 1e6, sorted[SAMPLES / 2] / 1e6, sorted[SAMPLES * 99 / 100] / 1e6);
    }
}
