package io.shareledger.infra.bench;

import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.infra.ops.ProjectionsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuild throughput of one read model beside a baseline measured in the same run: a plain Kafka
 * consumer that reads the same events, deserializes them with the same converter and serializer,
 * and batch-inserts one row per event with JDBC into the same PostgreSQL.
 *
 * <p>Run it against a freshly started local stack (its topic is filled with synthetic events):
 * {@code SHARELEDGER_DATA_DIR=$(mktemp -d) infra/local-stack.sh}, then
 * {@code infra/bench-rebuild.sh [events] [read-model]} (defaults 1000000, member-history).
 * Addresses from SHARELEDGER_KAFKA, SHARELEDGER_QUERY_URL, SHARELEDGER_ISSUER_URL and
 * SHARELEDGER_READ_DB_URL (local-stack defaults).
 */
public final class RebuildBenchmark {

    private static final String TOPIC = "shareledger.events";
    private static final int BATCH = 1000;

    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String readModel = args.length > 1 ? args[1] : "member-history";
        String kafka = env("SHARELEDGER_KAFKA", "127.0.0.1:9092");
        String readDb = env("SHARELEDGER_READ_DB_URL", "jdbc:postgresql://127.0.0.1:5432/shareledger_read");
        ProjectionsClient admin = new ProjectionsClient(env("SHARELEDGER_QUERY_URL", "http://127.0.0.1:8081"),
                ProjectionsClient.devOperatorToken(env("SHARELEDGER_ISSUER_URL", "http://127.0.0.1:8090")));
        Serializer serializer = ShareLedgerSerializer.create();
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder().serializer(serializer).build();
        System.out.printf("events=%d, read model=%s, cores=%d, java=%s%n", events, readModel,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        long before = topicSize(kafka);
        long start = System.nanoTime();
        long published = publish(kafka, converter, events);
        report("published", published, start);

        long total = before + published;
        start = System.nanoTime();
        awaitCaughtUp(admin);
        report("live catch-up (all read models at once)", published, start);

        start = System.nanoTime();
        long consumed = baseline(kafka, converter, readDb);
        double baselineRate = report("baseline: consume + deserialize + JDBC batch insert", consumed, start);

        JsonNode rebuild = rebuild(admin, readModel);
        long processed = rebuild.path("processed").asLong();
        double seconds = Duration.between(Instant.parse(rebuild.path("startedAt").asText()),
                Instant.parse(rebuild.path("finishedAt").asText())).toMillis() / 1000.0;
        double rebuildRate = processed / seconds;
        System.out.printf("%-52s %,10d events in %7.1f s = %,9.0f events/s%n", "rebuild of " + readModel + " (admin API)",
                processed, seconds, rebuildRate);
        System.out.printf("topic offsets %,d; rebuild/baseline = %.2f (target >= 0.50)%n", total, rebuildRate / baselineRate);
    }

    private static long publish(String kafka, DefaultKafkaMessageConverter converter, long events) {
        Properties config = new Properties();
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            long sent = new SyntheticHistory(42).generate(events, event -> {
                var message = new GenericDomainEventMessage<>(event.aggregateType(), event.aggregateId(),
                        event.sequence(), event.payload(), MetaData.emptyInstance(), UUID.randomUUID().toString(), event.at());
                producer.send(converter.createKafkaMessage(message, TOPIC), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            });
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("Publishing failed", failure.get());
            }
            return sent;
        }
    }

    private static void awaitCaughtUp(ProjectionsClient admin) throws Exception {
        Thread.sleep(2000);
        while (true) {
            long lag = 0;
            for (JsonNode projection : admin.list().path("projections")) {
                lag += projection.path("lag").asLong();
            }
            if (lag == 0) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    /** Reads the whole topic, deserializes every event and inserts one row per event, 1000 per batch and commit. */
    private static long baseline(String kafka, DefaultKafkaMessageConverter converter, String readDb) throws Exception {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH));
        Properties db = new Properties();
        db.setProperty("user", env("SHARELEDGER_DB_USER", "shareledger"));
        db.setProperty("password", env("SHARELEDGER_DB_PASSWORD", "shareledger"));
        db.setProperty("reWriteBatchedInserts", "true");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
             Connection connection = DriverManager.getConnection(readDb, db)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table if exists bench_baseline_event");
                ddl.execute("""
                        create table bench_baseline_event (event_id varchar(64) primary key, aggregate_id varchar(64) not null,
                            sequence_number bigint not null, event_type varchar(128) not null, occurred_at timestamptz not null)
                        """);
            }
            connection.setAutoCommit(false);
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into bench_baseline_event (event_id, aggregate_id, sequence_number, event_type, occurred_at)
                    values (?, ?, ?, ?, ?)
                    """)) {
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    int batch = 0;
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        Optional<EventMessage<?>> message = converter.readKafkaMessage(record);
                        if (message.isEmpty()) {
                            continue;
                        }
                        GenericDomainEventMessage<?> event = (GenericDomainEventMessage<?>) message.get();
                        Object payload = event.getPayload();
                        insert.setString(1, event.getIdentifier());
                        insert.setString(2, event.getAggregateIdentifier());
                        insert.setLong(3, event.getSequenceNumber());
                        insert.setString(4, payload.getClass().getSimpleName());
                        insert.setTimestamp(5, Timestamp.from(event.getTimestamp()));
                        insert.addBatch();
                        batch++;
                    }
                    if (batch > 0) {
                        insert.executeBatch();
                        connection.commit();
                        count += batch;
                    }
                }
            }
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table bench_baseline_event");
            }
            connection.commit();
            return count;
        }
    }

    private static JsonNode rebuild(ProjectionsClient admin, String readModel) throws Exception {
        admin.rebuild(readModel);
        while (true) {
            JsonNode rebuild = admin.get(readModel).path("rebuild");
            String state = rebuild.path("state").asText();
            if (!"RUNNING".equals(state)) {
                if (!"COMPLETED".equals(state)) {
                    throw new IllegalStateException("The rebuild ended " + state + ": " + rebuild.path("failure").asText());
                }
                return rebuild;
            }
            Thread.sleep(500);
        }
    }

    private static long topicSize(String kafka) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(p -> end.get(p) - beginning.get(p)).sum();
        }
    }

    private static double report(String what, long count, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = count / seconds;
        System.out.printf("%-52s %,10d events in %7.1f s = %,9.0f events/s%n", what, count, seconds, rate);
        return rate;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
