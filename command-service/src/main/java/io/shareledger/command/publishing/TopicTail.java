package io.shareledger.command.publishing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The message ids of the last committed records of every partition of the topic, as a consumer
 * reading committed records sees them: what the publisher put there last, so that it can tell which
 * events of a batch it is about to send again are on the topic already (ADR 0016).
 */
final class TopicTail {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerProperties;

    /** @param clusterProperties how to reach the cluster (bootstrap servers, security); the rest is set here */
    TopicTail(Map<String, Object> clusterProperties) {
        Map<String, Object> properties = new HashMap<>(clusterProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a missing topic is the command service's to create, with its settings (EventTopic)
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerProperties = properties;
    }

    /**
     * The message ids among the last {@code offsetsPerPartition} offsets of each partition (commit
     * markers take offsets too). Empty when the topic does not exist yet.
     *
     * @throws EventPublicationFailedException when the tail cannot be read in time: the batch fails and is retried
     */
    Set<String> messageIds(String topic, int offsetsPerPartition) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return Set.of();
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(assigned, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
            assigned.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - offsetsPerPartition)));
            Set<String> ids = new HashSet<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new EventPublicationFailedException("Reading the tail of topic " + topic + " timed out", null);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header id = record.headers().lastHeader(Headers.MESSAGE_ID);
                    if (id != null) {
                        ids.add(new String(id.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return ids;
        } catch (KafkaException e) {
            throw new EventPublicationFailedException("Reading the tail of topic " + topic + " failed", e);
        }
    }
}
