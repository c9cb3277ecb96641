package io.shareledger.query.config;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the event topic before the processors start if it does not exist yet: consumers of a
 * missing topic back off for up to a minute. Retention is forever because the topic is replayed.
 */
@Component
class KafkaTopicConfig implements InitializingBean {

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;

    KafkaTopicConfig(@Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
                     @Value("${shareledger.kafka.topic}") String topic,
                     @Value("${shareledger.kafka.partitions}") int partitions) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
    }

    @Override
    public void afterPropertiesSet() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            // replication factor: the broker's default
            NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the event topic", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in time", e);
        }
    }
}
