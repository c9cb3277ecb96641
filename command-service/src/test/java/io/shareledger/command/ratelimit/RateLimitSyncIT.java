package io.shareledger.command.ratelimit;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared buckets synchronised every so many tokens (ADR 0021), against the real PostgreSQL of the
 * tests: one instance counts exactly with a fraction of the round trips; two instances on one
 * database together exceed a limit by at most one instance's share, and with a share of 0 they
 * count exactly, one transaction per request. Each {@link RateLimiter} is one instance (its own
 * copies of the buckets) over a data source that counts the connections it hands out.
 */
class RateLimitSyncIT {

    private static final int CAPACITY = 40;
    private static final double SHARE = 0.1;
    private static final int UNSYNCHRONIZED = 4;

    private static HikariDataSource pool;
    private static final AtomicInteger connections = new AtomicInteger();
    private static DelegatingDataSource counted;

    @BeforeAll
    static void migrate() {
        pool = RateLimitCostIT.migratedPool();
        counted = new DelegatingDataSource(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                connections.incrementAndGet();
                return super.getConnection();
            }
        };
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void oneInstanceCountsExactlyWithAFractionOfTheRoundTrips() {
        RateLimiter instance = instance(SHARE);
        String caller = "sub:" + UUID.randomUUID();
        int before = connections.get();
        List<RateLimiter.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < CAPACITY + 20; i++) {
            outcomes.add(instance.consume(RequestClass.WRITE, caller));
        }
        int transactions = connections.get() - before;

        assertThat(outcomes).allSatisfy(o -> assertThat(o).as("the store answered").isNotNull());
        assertThat(outcomes.stream().filter(RateLimiter.Outcome::allowed)).hasSize(CAPACITY);
        assertThat(outcomes.subList(0, CAPACITY)).allSatisfy(o -> assertThat(o.allowed()).isTrue());
        assertThat(outcomes.subList(0, CAPACITY).stream().map(RateLimiter.Outcome::remaining).toList())
                .as("what is left, exact after every request")
                .isEqualTo(LongStream.iterate(CAPACITY - 1, r -> r - 1).limit(CAPACITY).boxed().toList());
        // one in UNSYNCHRONIZED + 1 consumptions goes to the row, plus creating the row; refusals
        // decided on the copy (it can only be fuller than the row) cost none
        System.out.printf("rate-limit sync: %d consumptions, %d transactions (share %.2f)%n",
                outcomes.size(), transactions, SHARE);
        assertThat(transactions).isBetween(1, CAPACITY / (UNSYNCHRONIZED + 1) + 3);
    }

    @Test
    void twoInstancesTogetherExceedALimitByAtMostOneInstancesShare() {
        RateLimiter first = instance(SHARE);
        RateLimiter second = instance(SHARE);
        String caller = "sub:" + UUID.randomUUID();
        long allowed = 0;
        for (int i = 0; i < 3 * CAPACITY; i++) {
            allowed += ((i % 2 == 0 ? first : second).consume(RequestClass.WRITE, caller).allowed()) ? 1 : 0;
        }
        assertThat(allowed).isBetween((long) CAPACITY, (long) CAPACITY + UNSYNCHRONIZED);
    }

    @Test
    void withAShareOfZeroTwoInstancesCountExactlyOneTransactionEach() {
        RateLimiter first = instance(0);
        RateLimiter second = instance(0);
        String caller = "sub:" + UUID.randomUUID();
        first.consume(RequestClass.WRITE, caller);
        int before = connections.get();
        long allowed = 1;
        int requests = 3 * CAPACITY;
        for (int i = 1; i < requests; i++) {
            allowed += ((i % 2 == 0 ? first : second).consume(RequestClass.WRITE, caller).allowed()) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(CAPACITY);
        assertThat(connections.get() - before).isEqualTo(requests - 1);
    }

    private static RateLimiter instance(double share) {
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit(CAPACITY, 1, Duration.ofHours(1));
        RateLimitProperties properties = new RateLimitProperties(true, limit, limit, limit, limit, Duration.ofMillis(500),
                new RateLimitProperties.Sync(share, Duration.ofSeconds(30)));
        return new RateLimiter(new RateLimitConfig().rateLimitBuckets(counted, properties), properties,
                new SimpleMeterRegistry());
    }
}
