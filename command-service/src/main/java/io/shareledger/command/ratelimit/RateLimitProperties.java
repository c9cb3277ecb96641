package io.shareledger.command.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The rate limits of this service (docs/operations.md); the defaults are in application.yml.
 *
 * @param enabled        off answers every request without a limit or rate-limit headers
 * @param write          writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) per token subject, or per
 *                       client address without a token
 * @param read           reads ({@code GET}, {@code HEAD}, {@code OPTIONS}) per subject or address
 * @param internal       the internal key endpoint, per authenticated service (or per address when unauthenticated)
 * @param health         {@code /actuator/health/**} per client address, counted on this instance only
 * @param requestTimeout how long one consumption may wait for the shared bucket's row before the request
 *                       is let through unlimited
 */
@Validated
@ConfigurationProperties("shareledger.rate-limit")
public record RateLimitProperties(
        boolean enabled,
        @NotNull @Valid Limit write,
        @NotNull @Valid Limit read,
        @NotNull @Valid Limit internal,
        @NotNull @Valid Limit health,
        @NotNull Duration requestTimeout) {

    /**
     * A token bucket: {@code capacity} requests at once, refilled by {@code refillTokens} every
     * {@code refillPeriod} (greedily, i.e. spread over the period).
     */
    public record Limit(@Positive long capacity, @Positive long refillTokens, @NotNull Duration refillPeriod) {
    }
}
