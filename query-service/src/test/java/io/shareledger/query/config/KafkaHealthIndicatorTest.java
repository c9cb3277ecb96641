package io.shareledger.query.config;

import io.shareledger.query.health.RecentHealth;
import io.shareledger.testsupport.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHealthIndicatorTest {

    @Test
    void upWhenTheBrokerAnswers() {
        try (KafkaHealthIndicator indicator = new KafkaHealthIndicator(TestKafka.bootstrapServers())) {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void downWhenNothingListens() throws IOException {
        try (KafkaHealthIndicator indicator = new KafkaHealthIndicator("127.0.0.1:" + freePort())) {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void reusesAnAnswerForItsMaximumAgeThenAsksAgain() throws InterruptedException {
        try (KafkaHealthIndicator indicator = new KafkaHealthIndicator(TestKafka.bootstrapServers())) {
            Health first = indicator.health();
            assertThat(indicator.health()).isSameAs(first);
            Thread.sleep(RecentHealth.MAX_AGE.toMillis() + 100);
            Health later = indicator.health();
            assertThat(later).isNotSameAs(first);
            assertThat(later.getStatus()).isEqualTo(Status.UP);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
