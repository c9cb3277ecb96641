package io.shareledger.query.position;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The bound on requests waiting for a version at once. */
class ReadYourWritesTest {

    @Test
    void beyondTheMostWaitersAWaitAnswersAtOnceAsStale() throws Exception {
        ReadYourWrites waits = new ReadYourWrites(null, Duration.ofMinutes(5), Duration.ofMillis(1), 1, new SimpleMeterRegistry(), Tracer.NOOP);
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean arrived = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        AtomicReference<Boolean> first = new AtomicReference<>();
        Thread waiter = new Thread(() -> first.set(waits.await("a-read-model", () -> {
            if (checks.incrementAndGet() == 2) {
                // checked again after the first look: this request holds the only place
                waiting.countDown();
            }
            return arrived.get();
        })));
        waiter.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(waits.await("a-read-model", () -> false)).as("no place left: answered as stale, without waiting").isFalse();
        assertThat(waiter.isAlive()).as("the first request still waits").isTrue();
        assertThat(waits.await("a-read-model", () -> true)).as("a version already there needs no place").isTrue();

        arrived.set(true);
        waiter.join(10_000);
        assertThat(first.get()).isTrue();
        AtomicInteger later = new AtomicInteger();
        assertThat(waits.await("a-read-model", () -> later.incrementAndGet() > 3)).as("the place is free again").isTrue();
    }
}
