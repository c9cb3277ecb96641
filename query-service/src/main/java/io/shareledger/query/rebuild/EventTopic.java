package io.shareledger.query.rebuild;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plain consumers of the event topic, configured as the live source's (the {@code axon.kafka}
 * settings: brokers, deserializers, {@code isolation.level=read_committed}) but without a group:
 * they are assigned partitions and seek themselves.
 */
@Component
class EventTopic {

    private final KafkaProperties kafka;
    private final String topic;

    EventTopic(KafkaProperties kafka, @Value("${shareledger.kafka.topic}") String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    String name() {
        return topic;
    }

    @SuppressWarnings("unchecked")
    Consumer<String, byte[]> consumer(String purpose, int maxPollRecords) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "shareledger-query-" + purpose + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return (Consumer<String, byte[]>) (Consumer<?, ?>) new KafkaConsumer<>(config);
    }

    /** The topic's partitions, in order. */
    List<TopicPartition> partitions(Consumer<?, ?> consumer) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }
}
