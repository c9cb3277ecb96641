package io.shareledger.command.publishing;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.command.support.TopicReader;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every stored event reaches the topic, keyed by aggregate, in order, with its identity in headers. */
class KafkaPublishingIT extends IntegrationTest {

    @Test
    void storedEventsArePublishedInOrderKeyedByAggregateWithHeaders() {
        Api.Member member = api().register(issuer());
        api().grant(member, "SHARE_ITEMS");
        api().grant(member, "RECEIVE_SHARES");
        api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .json("{\"displayName\":\"Renamed\",\"email\":\"renamed@example.org\"}").send();
        List<StoredEvents.StoredEvent> stored = StoredEvents.of(member.id());
        assertThat(stored).hasSize(4);

        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.recordsOf(TestKafka.bootstrapServers(), member.id()), r -> r.size() >= 4);

        assertThat(records).hasSize(4);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        for (int i = 0; i < stored.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            StoredEvents.StoredEvent event = stored.get(i);
            assertThat(record.key()).isEqualTo(member.id());
            assertThat(text(record, "axon-message-type")).isEqualTo(event.type());
            assertThat(text(record, "axon-message-revision")).isEqualTo("1");
            assertThat(text(record, "axon-message-aggregate-id")).isEqualTo(member.id());
            assertThat(number(record, "axon-message-aggregate-seq")).isEqualTo(event.sequenceNumber());
            assertThat(text(record, "axon-message-id")).isNotBlank();
            assertThat(text(record, "axon-metadata-correlationId")).isNotBlank();
            assertThat(text(record, "axon-metadata-traceId")).isNotBlank();
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(event.payload());
        }
        assertThat(records).extracting(r -> text(r, "axon-message-id")).doesNotHaveDuplicates();
    }

    @Test
    void theTopicHasTheConfiguredPartitionsAndUnlimitedRetention() throws Exception {
        api().register(issuer());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            TopicDescription topic = await().atMost(Duration.ofSeconds(30)).until(
                    () -> admin.describeTopics(List.of(TopicReader.TOPIC)).allTopicNames().get().get(TopicReader.TOPIC),
                    t -> t != null);
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TopicReader.TOPIC)))
                    .all().get().values().iterator().next();

            assertThat(topic.partitions()).hasSize(6);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        }
    }

    private static String text(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long number(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return ByteBuffer.wrap(header.value()).getLong();
    }
}
