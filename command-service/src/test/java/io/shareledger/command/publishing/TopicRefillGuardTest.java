package io.shareledger.command.publishing;

import io.shareledger.command.web.ProblemTypes;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One refill at a time per instance: a second request while one runs is refused (409), not queued. */
class TopicRefillGuardTest {

    /** Holds the first refill in topic creation until released; every creation then fails. */
    private static final class HeldTopic extends EventTopic {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        HeldTopic() {
            super(new KafkaProperties(), "unused", 1, (short) 1);
        }

        @Override
        void createIfMissing() throws InterruptedException, TimeoutException {
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            throw new TimeoutException("no broker in this test");
        }
    }

    @Test
    void aSecondRefillWhileOneRunsIsRefusedAndTheGuardIsReleasedAfterAFailure() throws Exception {
        HeldTopic topic = new HeldTopic();
        TopicRefill refill = new TopicRefill(null, null, null, new KafkaProperties(), topic,
                new DriverManagerDataSource(), Clock.systemUTC(), 10);

        CompletableFuture<Long> first = CompletableFuture.supplyAsync(refill::refill);
        assertThat(topic.entered.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(refill::refill).isInstanceOf(TopicRefill.AlreadyRunning.class);

        topic.release.countDown();
        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicRefill.RefillFailed.class);
        assertThatThrownBy(refill::refill).isInstanceOf(TopicRefill.RefillFailed.class);
        assertThat(topic.calls).hasValue(2);
    }

    @Test
    void aRefillAlreadyRunningIsAConflictProblem() {
        ResponseEntity<ProblemDetail> answer = new TopicRefillController(null).alreadyRunning(new TopicRefill.AlreadyRunning());

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getBody().getType()).isEqualTo(ProblemTypes.CONFLICT);
    }

    /** The document requires Retry-After on every 503 (OpenApiConfig); DocumentedAnswersIT cannot make Kafka fail. */
    @Test
    void aFailedRefillIsUnavailableWithRetryAfter() {
        ResponseEntity<ProblemDetail> answer = new TopicRefillController(null)
                .failed(new TopicRefill.RefillFailed("publishing failed", new TimeoutException("no broker")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().getType()).isEqualTo(ProblemTypes.INTERNAL);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo(TopicRefillController.RETRY_AFTER_SECONDS);
    }
}
