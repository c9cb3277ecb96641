package io.shareledger.query.config;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits, before the processors start, until the event topic exists and every partition of it has
 * a leader. The command service owns the topic: it creates it with its partitions, replication and
 * retention (publishing/EventTopic there); this service never creates or changes it, so that the
 * topic's settings do not depend on which service started first. If the topic is still missing
 * after {@code shareledger.kafka.topic-wait}, start-up fails with a message that says so.
 */
@Component
class EventTopicReady implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(EventTopicReady.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final String topic;
    private final Duration wait;

    EventTopicReady(@Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
                    @Value("${shareledger.kafka.topic}") String topic,
                    @Value("${shareledger.kafka.topic-wait}") Duration wait) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.wait = wait;
    }

    @Override
    public void afterPropertiesSet() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        long nextReport = start;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            while (true) {
                String missing = check(admin);
                if (missing == null) {
                    return;
                }
                long now = System.nanoTime();
                if (now - deadline > 0) {
                    throw new IllegalStateException("The event topic " + topic + " is not ready after " + wait + ": "
                            + missing + ". The command service creates it when it starts (shareledger.kafka.topic "
                            + "must name the same topic in both services); shareledger.kafka.topic-wait sets how long "
                            + "this service waits for it.");
                }
                if (now - nextReport >= 0) {
                    log.info("Waiting for the event topic {}: {} (the command service creates it)", topic, missing);
                    nextReport = now + REPORT_EVERY.toNanos();
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** What is still missing, or null once the topic is there and every partition has a leader. */
    private String check(Admin admin) throws InterruptedException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException ? "it does not exist yet"
                    : "Kafka at " + bootstrapServers + " did not describe it (" + e.getCause().getClass().getSimpleName() + ")";
        } catch (TimeoutException e) {
            return "Kafka at " + bootstrapServers + " did not answer";
        }
        List<TopicPartitionInfo> partitions = description.partitions();
        long leaderless = partitions.stream().filter(p -> p.leader() == null || p.leader().isEmpty()).count();
        if (partitions.isEmpty() || leaderless > 0) {
            return leaderless + " of its " + partitions.size() + " partitions have no leader yet";
        }
        log.info("Event topic {} is ready: {} partitions", topic, partitions.size());
        return null;
    }
}
