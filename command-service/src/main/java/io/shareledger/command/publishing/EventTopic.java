package io.shareledger.command.publishing;

import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns the events topic (the query service only waits for it): creates it if it is missing with the
 * configured partitions and replication factor, kept forever, and gives an existing topic the
 * unlimited retention the replays need if it has another. Partitions are never added here: that
 * moves keys to other partitions, and so changes the order of an aggregate's events (an operator's
 * step, docs/operations.md); an existing topic with fewer partitions than configured is logged.
 * Kafka may be down at start-up, which must not stop the service from taking commands: this runs in
 * the background, retrying until the broker answers.
 */
@Component
class EventTopic {

    private static final Logger log = LoggerFactory.getLogger(EventTopic.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    /** Kept forever: read models are rebuilt by replaying the topic from its start. */
    private static final Map<String, String> RETENTION = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");

    private final KafkaProperties kafka;
    private final String topic;
    private final int partitions;
    private final short replicationFactor;
    private volatile boolean ready;
    private volatile Thread creator;

    EventTopic(KafkaProperties kafka,
               @Value("${shareledger.kafka.topic}") String topic,
               @Value("${shareledger.kafka.partitions}") int partitions,
               @Value("${shareledger.kafka.replication-factor}") short replicationFactor) {
        this.kafka = kafka;
        this.topic = topic;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createInBackground() {
        Thread thread = new Thread(this::createUntilDone, "event-topic-creator");
        thread.setDaemon(true);
        creator = thread;
        thread.start();
    }

    private void createUntilDone() {
        while (!ready && !Thread.currentThread().isInterrupted()) {
            try {
                createIfMissing();
                ready = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("Topic {} not created yet ({}); retrying in {}", topic, e.getClass().getSimpleName(), RETRY_DELAY);
                sleep();
            }
        }
    }

    /** The topic's name, where the live publisher writes (axon.kafka.default-topic follows it). */
    String name() {
        return topic;
    }

    /**
     * Creates the topic once if it is missing, waiting for the broker's answer; used at start-up
     * (retried in the background) and before a {@link TopicRefill}.
     */
    void createIfMissing() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            create(admin);
        }
    }

    private void create(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor).configs(RETENTION);
        try {
            admin.createTopics(List.of(newTopic)).all().get(10, TimeUnit.SECONDS);
            log.info("Created topic {} with {} partitions, unlimited retention", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            configureExisting(admin);
        }
    }

    private void configureExisting(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        Collection<AlterConfigOp> changes = RETENTION.entrySet().stream()
                .filter(setting -> config.get(setting.getKey()) == null
                        || !setting.getValue().equals(config.get(setting.getKey()).value()))
                .map(setting -> new AlterConfigOp(new ConfigEntry(setting.getKey(), setting.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get(10, TimeUnit.SECONDS);
            log.warn("Topic {} had a limited retention; set to unlimited ({})", topic,
                    changes.stream().map(change -> change.configEntry().name()).toList());
        }
        int existing = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        if (existing < partitions) {
            log.warn("Topic {} has {} partitions, fewer than the {} configured: not added here, because that would "
                    + "reorder aggregates' events (docs/operations.md)", topic, existing, partitions);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        Thread thread = creator;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
