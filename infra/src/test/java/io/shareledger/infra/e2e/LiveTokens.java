package io.shareledger.infra.e2e;

import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.infra.ops.ProjectionsClient;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.serialization.SerializedObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The query service's live processors' tokens, as stored in its database. */
public final class LiveTokens {

    private LiveTokens() {
    }

    /**
     * Waits until the running query service has made a token row for every read model's live processor:
     * the service answers health checks before its processors have claimed their first segments.
     */
    public static void awaitMade(TestDatabase readDb, ProjectionsClient admin) throws Exception {
        Set<String> readModels = new HashSet<>();
        admin.list().path("projections").forEach(readModel -> readModels.add(readModel.path("name").asText()));
        assertThat(readModels).as("read models of the query service").isNotEmpty();
        await("a token row per live processor").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> processorsWithTokens(readDb).containsAll(readModels));
    }

    private static Set<String> processorsWithTokens(TestDatabase readDb) throws Exception {
        Set<String> processors = new HashSet<>();
        try (Connection connection = readDb.connect();
             ResultSet rows = connection.createStatement().executeQuery("select distinct processor_name from token_entry")) {
            while (rows.next()) {
                processors.add(rows.getString(1));
            }
        }
        return processors;
    }

    /**
     * Sets every live processor's token to the last record of each partition of {@code topic}, in the
     * services' token format, as for read models added to a running system: they start at the end and
     * only a rebuild gives them the past. The service must have made the rows ({@link #awaitMade}) and be
     * stopped.
     */
    public static void placeAtTheEnd(String topic, TestDatabase readDb) throws Exception {
        Map<TopicPartition, Long> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.endOffsets(partitions).forEach((partition, end) -> last.put(partition, end - 1));
        }
        SerializedObject<byte[]> token = ShareLedgerSerializer.create()
                .serialize(KafkaTrackingToken.newInstance(last), byte[].class);
        try (Connection connection = readDb.connect();
             PreparedStatement update = connection.prepareStatement(
                     "update token_entry set token = ?, token_type = ?, owner = null")) {
            update.setBytes(1, token.getData());
            update.setString(2, token.getType().getName());
            if (update.executeUpdate() == 0) {
                throw new IllegalStateException("The query service made no tokens");
            }
        }
    }
}
