package io.shareledger.query.config;

import io.shareledger.query.support.EventPublisher;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query service waits for the event topic the command service owns, on a real broker: it never
 * creates it, it goes on as soon as the topic appears, and it gives up with a message that says what
 * is missing.
 */
class EventTopicReadyIT {

    private final String servers = TestKafka.bootstrapServers();

    @Test
    void aMissingTopicFailsStartUpSayingSoAndIsNotCreated() throws Exception {
        String topic = "ready-missing-" + UUID.randomUUID();
        EventTopicReady ready = new EventTopicReady(servers, topic, Duration.ofSeconds(2));

        assertThatThrownBy(ready::afterPropertiesSet)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The event topic " + topic + " is not ready after PT2S: it does not exist yet")
                .hasMessageContaining("The command service creates it");
        assertThat(topics()).doesNotContain(topic);
    }

    @Test
    void startUpGoesOnOnceTheTopicIsCreated() throws Exception {
        String topic = "ready-later-" + UUID.randomUUID();
        EventTopicReady ready = new EventTopicReady(servers, topic, Duration.ofSeconds(60));

        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                ready.afterPropertiesSet();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - start;
        });
        Thread.sleep(1500);
        assertThat(waited).isNotDone();
        EventPublisher.createTopic(topic);

        long nanos = waited.get(20, TimeUnit.SECONDS);
        assertThat(nanos).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1500));
    }

    private Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }
}
