package io.shareledger.command.ratelimit;

import io.shareledger.command.web.WarmUp;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Before the service reports ready, takes one token from a bucket of its own in the shared store,
 * so that the first caller's request does not load and prepare the store's code (about 0.45 s on a
 * fresh stack). The bucket, "warm-up", belongs to no caller: a token subject or client address never
 * takes that form.
 */
@Component
class RateLimitWarmUp implements ApplicationRunner {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RateLimiter limiter;

    RateLimitWarmUp(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (limiter.enabled()) {
            WarmUp.run("Preparing the rate-limit buckets", TIMEOUT, () -> limiter.consume(RequestClass.WRITE, "warm-up"));
        }
    }
}
