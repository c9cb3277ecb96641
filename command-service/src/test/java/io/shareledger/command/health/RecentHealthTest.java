package io.shareledger.command.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RecentHealthTest {

    @Test
    void reusesAnAnswerForItsMaximumAgeThenAsksAgain() throws InterruptedException {
        AtomicInteger checks = new AtomicInteger();
        RecentHealth health = new RecentHealth(() -> Health.up().withDetail("check", checks.incrementAndGet()).build());

        Health first = health.health();
        assertThat(health.health()).isSameAs(first);
        assertThat(checks).hasValue(1);
        Thread.sleep(RecentHealth.MAX_AGE.toMillis() + 50);
        assertThat(health.health().getDetails()).containsEntry("check", 2);
    }

    @Test
    void whileOneCallerChecksTheOthersGetThePreviousAnswer() throws Exception {
        CountDownLatch slowCheckStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        RecentHealth health = new RecentHealth(() -> {
            if (checks.incrementAndGet() == 2) {
                slowCheckStarted.countDown();
                await(release);
                return Health.down().build();
            }
            return Health.up().build();
        });
        Health first = health.health();
        Thread.sleep(RecentHealth.MAX_AGE.toMillis() + 50);

        CompletableFuture<Health> slow = CompletableFuture.supplyAsync(health::health);
        assertThat(slowCheckStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(health.health()).as("answered at once, not after the check in progress").isSameAs(first);
        release.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS).getStatus().getCode()).isEqualTo("DOWN");
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
        assertThat(checks).hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
