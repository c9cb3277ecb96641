package io.shareledger.query.support;

import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestKeyServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Publishes events exactly as the command side does: Axon's DefaultKafkaMessageConverter with the
 * shared serializer encrypting personal fields under the keys the {@link TestKeyServer} serves,
 * record key = aggregate id, the extension's headers.
 */
public final class EventPublisher {

    public static final String TOPIC = "shareledger.events";

    private static EventPublisher instance;

    private final KafkaProducer<String, byte[]> producer;
    private final DefaultKafkaMessageConverter converter;

    private EventPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
        converter = DefaultKafkaMessageConverter.builder()
                .serializer(ShareLedgerSerializer.encrypting(TestKeyServer.get().keys())).build();
    }

    public static synchronized EventPublisher get() {
        if (instance == null) {
            String servers = bootstrapServers();
            instance = new EventPublisher(servers);
        }
        return instance;
    }

    /** The broker, with the event topic created as production has it: 6 partitions. */
    public static synchronized String bootstrapServers() {
        createTopic(TOPIC);
        return TestKafka.bootstrapServers();
    }

    /**
     * Creates a topic as the command service creates the event topic (6 partitions) unless it exists:
     * the query service only waits for it.
     */
    public static void createTopic(String topic) {
        String servers = TestKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String aggregateType(Object payload) {
        return payload.getClass().getPackageName().endsWith(".share") ? "ShareAggregate" : "MemberAggregate";
    }

    /** Publishes one event of an aggregate at the given sequence number and time. */
    public void publish(String aggregateId, long sequence, Object payload, Instant at) {
        send(record(aggregateId, sequence, payload, at));
    }

    public void publish(String aggregateId, long sequence, Object payload) {
        publish(aggregateId, sequence, payload, Instant.now());
    }

    /** A record with the headers of {@code payload}'s type but a body that cannot be deserialized. */
    public void publishUnreadable(String aggregateId, long sequence, Object payload) {
        ProducerRecord<String, byte[]> valid = record(aggregateId, sequence, payload, Instant.now());
        send(new ProducerRecord<>(valid.topic(), null, valid.key(),
                "{\"shareId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8), valid.headers()));
    }

    public ProducerRecord<String, byte[]> record(String aggregateId, long sequence, Object payload, Instant at) {
        if (payload instanceof ShareOfferedEvent offered) {
            // as the command service's member directory learns of a share in the transaction that offers it
            TestKeyServer.get().parties(offered.shareId().toString(), offered.ownerId().toString(), offered.recipientId().toString());
        }
        GenericDomainEventMessage<Object> message = new GenericDomainEventMessage<>(aggregateType(payload), aggregateId,
                sequence, payload, MetaData.emptyInstance(), UUID.randomUUID().toString(), at);
        return converter.createKafkaMessage(message, TOPIC);
    }

    public void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
