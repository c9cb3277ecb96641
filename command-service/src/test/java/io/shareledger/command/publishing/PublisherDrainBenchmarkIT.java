package io.shareledger.command.publishing;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On demand ({@code -Dbench.publisher.events=20000}, infra/bench-publisher.sh): how fast the outbox
 * publisher drains a backlog of stored events onto the topic, beside the raw Kafka producer on the
 * same broker in the same run (transactions of 500 records of the same size). With the publishing
 * processor stopped, it appends the backlog to the event store, then starts the processor and times
 * until every event is on the topic (read committed). Prints its figures; asserts only that every
 * event arrived.
 */
@EnabledIfSystemProperty(named = "bench.publisher.events", matches = "\\d+")
class PublisherDrainBenchmarkIT extends IntegrationTest {

    private static final int APPEND_BATCH = 1000;

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactions;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    KafkaProperties kafka;

    @Test
    void drainABacklog() throws Exception {
        int events = Integer.getInteger("bench.publisher.events");
        List<MemberId> members = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            members.add(MemberId.of(api().register(issuer()).id()));
        }
        TrackingEventProcessor publisher = processing.eventProcessor(kafka.getPublisher().getProcessingGroup(),
                TrackingEventProcessor.class).orElseThrow();
        awaitTopicQuiet();
        publisher.shutDown();

        long sequenceBase = 1;
        for (int from = 0; from < events; from += APPEND_BATCH) {
            List<EventMessage<?>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(events, from + APPEND_BATCH); i++) {
                MemberId member = members.get(i % members.size());
                long sequence = sequenceBase + i / members.size();
                batch.add(new GenericDomainEventMessage<>("MemberAggregate", member.toString(), sequence,
                        new ProfileChangedEvent(member, "Name " + i, "member" + i + "@example.org")));
            }
            transactions.executeInTransaction(() -> eventStore.publish(batch));
        }

        long published = 0;
        long start;
        try (KafkaConsumer<String, byte[]> consumer = committedReader()) {
            List<TopicPartition> partitions = consumer.partitionsFor("shareledger.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            start = System.nanoTime();
            publisher.start();
            while (published < events) {
                published += consumer.poll(Duration.ofMillis(100)).count();
                assertThat(System.nanoTime() - start).as("drained in 10 minutes").isLessThan(Duration.ofMinutes(10).toNanos());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = events / seconds;
        double raw = rawProducerRate(events, 600);
        System.out.printf("publisher drain: %d events in %.2f s = %.0f events/s (batches: %s)%n", events, seconds, rate,
                System.getProperty("bench.publisher.mode", "batch publisher"));
        System.out.printf("raw producer: %.0f records/s (transactions of 500, same broker); ratio %.3f%n", raw, rate / raw);
        assertThat(published).isGreaterThanOrEqualTo(events);
    }

    /** Waits until the publisher has caught up with what the registrations stored. */
    private void awaitTopicQuiet() throws InterruptedException {
        long last = -1;
        for (long now = committedRecords(); now != last; now = committedRecords()) {
            last = now;
            Thread.sleep(1000);
        }
    }

    private static KafkaConsumer<String, byte[]> committedReader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static long committedRecords() {
        try (KafkaConsumer<String, byte[]> consumer = committedReader()) {
            List<TopicPartition> partitions = consumer.partitionsFor("shareledger.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    private static double rawProducerRate(int records, int size) throws Exception {
        String topic = "bench-raw-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        byte[] value = new byte[size];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.initTransactions();
            long start = System.nanoTime();
            for (int from = 0; from < records; from += 500) {
                producer.beginTransaction();
                for (int i = from; i < Math.min(records, from + 500); i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + (i % 64), value));
                }
                producer.commitTransaction();
            }
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }
}
