package io.shareledger.query.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The rate limits of this service (docs/operations.md); the defaults are in application.yml.
 *
 * @param enabled        off answers every request without a limit or rate-limit headers
 * @param read           reads ({@code GET}, {@code HEAD}, {@code OPTIONS}) per token subject, or per client
 *                       address without a token
 * @param write          anything else (the operator's {@code POST}s under {@code /admin}) per subject or address
 * @param health         {@code /actuator/health/**} per client address, counted on this instance only
 * @param requestTimeout how long one consumption may wait for the shared bucket's row before the request
 *                       is let through unlimited
 * @param sync           how often an instance writes what it took from a shared bucket to the bucket's row
 */
@Validated
@ConfigurationProperties("shareledger.rate-limit")
public record RateLimitProperties(
        boolean enabled,
        @NotNull @Valid Limit read,
        @NotNull @Valid Limit write,
        @NotNull @Valid Limit health,
        @NotNull Duration requestTimeout,
        @NotNull @Valid Sync sync) {

    /**
     * A token bucket: {@code capacity} requests at once, refilled by {@code refillTokens} every
     * {@code refillPeriod} (greedily, i.e. spread over the period).
     */
    public record Limit(@Positive long capacity, @Positive long refillTokens, @NotNull Duration refillPeriod) {
    }

    /**
     * Each instance keeps its own copy of a shared bucket and takes up to {@code capacityShare} of
     * the bucket's capacity from it before it writes what it took to the bucket's row (in the same
     * transaction as the next consumption, which also brings back what the other instances took),
     * and on its first consumption more than {@code maxAge} after the last sync. One instance alone counts exactly;
     * N instances together may let a caller exceed a limit by at most (N - 1) x that share of it.
     * {@code 0}: every consumption goes to the row, and instances count together exactly.
     */
    public record Sync(@DecimalMin("0") @DecimalMax("1") double capacityShare, @NotNull Duration maxAge) {

        /** The tokens an instance may take from its copy of a bucket of {@code limit} between two syncs. */
        long unsynchronizedTokens(Limit limit) {
            return (long) Math.floor(limit.capacity() * capacityShare);
        }
    }
}
