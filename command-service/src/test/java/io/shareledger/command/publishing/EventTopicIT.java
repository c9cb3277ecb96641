package io.shareledger.command.publishing;

import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command service owns the events topic, on a real broker: it creates it as configured, gives an
 * existing one the unlimited retention replays need, and never adds partitions to it.
 */
class EventTopicIT {

    private final String servers = TestKafka.bootstrapServers();
    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void aMissingTopicIsCreatedWithItsPartitionsAndKeptForever() throws Exception {
        String topic = "owned-new-" + UUID.randomUUID();

        eventTopic(topic, 6).createIfMissing();

        assertThat(partitions(topic)).isEqualTo(6);
        assertThat(retention(topic)).containsExactly("-1", "-1");
    }

    @Test
    void anExistingTopicGetsUnlimitedRetentionButNoNewPartitions() throws Exception {
        String topic = "owned-old-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "60000")))).all().get(10, TimeUnit.SECONDS);
        assertThat(retention(topic)).containsExactly("60000", "-1");

        eventTopic(topic, 6).createIfMissing();

        assertThat(retention(topic)).containsExactly("-1", "-1");
        assertThat(partitions(topic)).isEqualTo(2);
    }

    private EventTopic eventTopic(String topic, int partitions) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(servers));
        return new EventTopic(kafka, topic, partitions, (short) 1);
    }

    private int partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
    }

    /** retention.ms and retention.bytes, as the broker reports them. */
    private List<String> retention(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        return List.of(config.get(TopicConfig.RETENTION_MS_CONFIG).value(), config.get(TopicConfig.RETENTION_BYTES_CONFIG).value());
    }
}
