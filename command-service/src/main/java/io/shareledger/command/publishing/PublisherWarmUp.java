package io.shareledger.command.publishing;

import io.shareledger.command.web.WarmUp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepares what the first publication needs before the service reports ready, so that a fresh
 * stack's first write is not the one that waits for it (issue 10, cold start): the events topic,
 * the broker's transaction state (a fresh broker creates its 50 partitions on the first
 * transactional producer), and the Kafka clients' classes. Under a transactional id of this
 * instance's own, so that it fences no publisher. Kafka may be down at start-up, which must not
 * stop the service from taking commands: after {@code shareledger.kafka.warm-up-timeout} it gives
 * up, and the publisher waits for the broker as always.
 */
@Component
class PublisherWarmUp implements ApplicationRunner {

    private final KafkaProperties kafka;
    private final EventTopic topic;
    private final String transactionalId;
    private final Duration timeout;

    PublisherWarmUp(KafkaProperties kafka, EventTopic topic,
                    @Value("${shareledger.kafka.publisher-transactional-id-prefix}") String prefix,
                    @Value("${shareledger.instance-id}") String instanceId,
                    @Value("${shareledger.kafka.warm-up-timeout}") Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.transactionalId = prefix + "warm-up-" + instanceId;
        this.timeout = timeout;
    }

    @Override
    public void run(ApplicationArguments args) {
        WarmUp.run("Preparing Kafka for publishing", timeout, this::warmUp);
    }

    private void warmUp() throws Exception {
        topic.createIfMissing();
        Map<String, Object> properties = new HashMap<>(kafka.buildProducerProperties());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
        }
        new TopicTail(kafka.buildConsumerProperties()).messageIds(topic.name(), 1);
    }
}
