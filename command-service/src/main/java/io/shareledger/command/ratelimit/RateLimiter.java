package io.shareledger.command.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes one token per request from the caller's bucket of the request's class. The buckets of
 * writes, reads and the internal endpoint live in PostgreSQL (Bucket4j), so that all instances of
 * the service count together; health, which must stay cheap and answer while the database is
 * down, is counted in memory on each instance.
 * <p>
 * A bucket is found by a 64-bit digest of (service, class, limit, caller): the subject or address
 * itself is never stored, and changing a limit starts fresh buckets rather than reusing the old
 * state. If the shared store fails, the request is let through: the limiter must not turn a
 * database hiccup into errors on its own.
 * <p>
 * Each instance takes tokens from its own copy of a shared bucket and writes them to the row only
 * every so many ({@link RateLimitProperties.Sync}, Bucket4j's delaying optimization), so that most
 * requests cost no database round trip (ADR 0021).
 * <p>
 * Each refusal counts in {@code shareledger.rate.limit.rejections}, tagged with the request class only
 * (never the caller).
 */
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final String SERVICE = "command";
    private static final long WARN_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    /** What one consumption decided; {@code remaining} is what is left after it. */
    record Outcome(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final boolean enabled;
    private final ProxyManager<Long> sharedBuckets;
    private final Map<RequestClass, RateLimitProperties.Limit> limits = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, BucketConfiguration> configurations = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, DelayParameters> syncs = new EnumMap<>(RequestClass.class);
    private final Cache<Long, Bucket> healthBuckets;
    /** This instance's copies of the shared buckets it synchronises only now and then. */
    private final Cache<Long, Bucket> sharedBucketCopies;
    private final Map<RequestClass, Counter> rejections = new EnumMap<>(RequestClass.class);
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    RateLimiter(ProxyManager<Long> sharedBuckets, RateLimitProperties properties, MeterRegistry meters) {
        this.enabled = properties.enabled();
        this.sharedBuckets = sharedBuckets;
        for (RequestClass requestClass : RequestClass.values()) {
            RateLimitProperties.Limit limit = requestClass.limitIn(properties);
            limits.put(requestClass, limit);
            configurations.put(requestClass, BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(limit.capacity())
                            .refillGreedy(limit.refillTokens(), limit.refillPeriod()).build())
                    .build());
            rejections.put(requestClass, Counter.builder("shareledger.rate.limit.rejections")
                    .description("Requests refused with 429 because the caller's bucket was empty")
                    .tag("request_class", requestClass.name().toLowerCase(Locale.ROOT))
                    .register(meters));
            long unsynchronized = properties.sync().unsynchronizedTokens(limit);
            if (requestClass != RequestClass.HEALTH && unsynchronized > 0) {
                syncs.put(requestClass, new DelayParameters(unsynchronized, properties.sync().maxAge()));
            }
        }
        this.healthBuckets = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(timeToFill(properties.health()))
                .build();
        // a copy forgotten while it holds tokens not yet written loses at most those: once a bucket
        // has had time to fill up again, nothing it took still matters
        this.sharedBucketCopies = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(syncs.keySet().stream().map(c -> timeToFill(limits.get(c)))
                        .max(Duration::compareTo).orElse(Duration.ofMinutes(1)))
                .build();
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Consumes one token of {@code caller}'s bucket of {@code requestClass}; {@code null} if the
     * shared store could not be reached.
     */
    Outcome consume(RequestClass requestClass, String caller) {
        long key = key(requestClass, caller);
        BucketConfiguration configuration = configurations.get(requestClass);
        ConsumptionProbe probe;
        if (requestClass == RequestClass.HEALTH) {
            probe = healthBuckets.get(key, k -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build())
                    .tryConsumeAndReturnRemaining(1);
        } else {
            try {
                probe = sharedBucket(requestClass, key, configuration).tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                warnAtMostEveryMinute(e);
                return null;
            }
        }
        long limit = limits.get(requestClass).capacity();
        if (!probe.isConsumed()) {
            rejections.get(requestClass).increment();
        }
        return new Outcome(probe.isConsumed(), limit, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private Bucket sharedBucket(RequestClass requestClass, long key, BucketConfiguration configuration) {
        DelayParameters sync = syncs.get(requestClass);
        if (sync == null) {
            return sharedBuckets.getProxy(key, () -> configuration);
        }
        return sharedBucketCopies.get(key, k -> sharedBuckets.builder()
                .withOptimization(Optimizations.delaying(sync))
                .build(k, () -> configuration));
    }

    private void warnAtMostEveryMinute(RuntimeException e) {
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("Rate-limit buckets are unavailable ({}); requests pass unlimited until they are back",
                    e.getClass().getSimpleName());
        }
    }

    /** The first 64 bits of SHA-256 over the bucket's identity. */
    static long key(RequestClass requestClass, String caller, RateLimitProperties.Limit limit) {
        String identity = SERVICE + '\n' + requestClass + '\n' + limit.capacity() + '/' + limit.refillTokens() + '/'
                + limit.refillPeriod().toNanos() + '\n' + caller;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private long key(RequestClass requestClass, String caller) {
        return key(requestClass, caller, limits.get(requestClass));
    }

    static Duration timeToFill(RateLimitProperties.Limit limit) {
        long periods = (limit.capacity() + limit.refillTokens() - 1) / limit.refillTokens();
        return limit.refillPeriod().multipliedBy(periods);
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
