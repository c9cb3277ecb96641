package io.shareledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.infra.e2e.EventsTopic;
import io.shareledger.infra.e2e.LiveTokens;
import io.shareledger.infra.e2e.ServiceEnvironment;
import io.shareledger.infra.e2e.ServiceProcess;
import io.shareledger.infra.ops.ProjectionsClient;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestKeyServer;
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
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Rebuild throughput of one read model beside a baseline measured in the same run: a plain Kafka
 * consumer that reads the same events, deserializes (and decrypts) them with the same converter and
 * serializer, and batch-inserts one row per event with JDBC into the same PostgreSQL, one commit per
 * 1000 events. The query service runs from its jar as a process, as in production; the topic holds
 * a synthetic history of every event kind, encrypted as the command service would. Its live
 * processors are placed at the end of the topic before it starts (as for a read model added to a
 * running system), so the rebuild does not share the machine with them catching up. With
 * {@code -Dbench.live=true} it then also times a fresh query service's live processors catching up
 * with the whole topic from its beginning.
 *
 * <p>Not part of the test suite: it runs only when asked, through {@code infra/bench-rebuild.sh}
 * ({@code -Dbench.events=1000000 -Dbench.readModel=member-history}). It prints its figures and
 * asserts nothing about speed.
 */
@EnabledIfSystemProperty(named = "bench.events", matches = "\\d+")
class RebuildBenchmarkIT {

    private static final String TOPIC = "shareledger.events";
    private static final int BATCH = 1000;

    @Test
    void rebuildRateBesideAPlainConsumer() throws Exception {
        long events = Long.getLong("bench.events");
        String readModel = System.getProperty("bench.readModel", "member-history");
        TestDatabase readDb = TestDatabase.get().fresh();
        String kafka = TestKafka.bootstrapServers();
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
                .serializer(ShareLedgerSerializer.encrypting(TestKeyServer.get().keys())).build();
        System.out.printf("events=%d, read model=%s, cores=%d, java=%s%n", events, readModel,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        TestIssuer issuer = TestIssuer.get();
        Map<String, String> env = ServiceEnvironment.queryService(readDb, TestKeyServer.get().url());
        EventsTopic.ensure();
        // a first start creates the read database and the live processors' tokens, on the empty topic
        try (ServiceProcess first = startQueryService(env)) {
            LiveTokens.awaitMade(readDb, new ProjectionsClient(first.baseUrl(), issuer.token("bench", "operator")));
        }

        long start = System.nanoTime();
        long published = publish(kafka, converter, events);
        report("published (encrypted, acks=all)", published, start);
        // The live processors start at the end of the topic, as for a read model added to a running
        // system: the rebuild has the machine to itself and builds the whole read model.
        LiveTokens.placeAtTheEnd(TOPIC, readDb);

        double baselineRate;
        try (ServiceProcess query = startQueryService(env)) {
            ProjectionsClient admin = new ProjectionsClient(query.baseUrl(), issuer.token("bench", "operator"));
            awaitCaughtUp(admin);

            start = System.nanoTime();
            long consumed = baseline(kafka, converter, readDb);
            baselineRate = report("baseline: consume + decrypt + JDBC batch insert", consumed, start);

            admin.rebuild(readModel);
            JsonNode rebuild = awaitRebuild(admin, readModel);
            long processed = rebuild.path("processed").asLong();
            double seconds = Duration.between(Instant.parse(rebuild.path("startedAt").asText()),
                    Instant.parse(rebuild.path("finishedAt").asText())).toMillis() / 1000.0;
            double rebuildRate = processed / seconds;
            System.out.printf("%-52s %,10d events in %7.1f s = %,9.0f events/s%n",
                    "rebuild of " + readModel + " (admin API)", processed, seconds, rebuildRate);
            System.out.printf("rebuild/baseline = %.2f (target >= 0.50)%n", rebuildRate / baselineRate);
        }
        if (Boolean.getBoolean("bench.live")) {
            liveCatchUp(issuer, published, baselineRate);
        }
    }

    /**
     * The live path on the same topic: a query service on a fresh database, whose four live processors
     * start at the beginning of the topic, until none lags behind. Each event goes through all four.
     */
    private static void liveCatchUp(TestIssuer issuer, long published, double baselineRate) throws Exception {
        Map<String, String> env = ServiceEnvironment.queryService(TestDatabase.get().fresh(), TestKeyServer.get().url());
        long start = System.nanoTime();
        try (ServiceProcess query = startQueryService(env)) {
            ProjectionsClient admin = new ProjectionsClient(query.baseUrl(), issuer.token("bench", "operator"));
            await("live processors caught up from the beginning").atMost(Duration.ofHours(2))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> totalLag(admin) == 0 && !admin.list().path("projections").isEmpty());
            double rate = report("live catch-up of the 4 read models at once", published, start);
            System.out.printf("live catch-up/baseline = %.2f (each event applied to 4 read models)%n", rate / baselineRate);
        }
    }

    private static long totalLag(ProjectionsClient admin) throws Exception {
        long lag = 0;
        for (JsonNode projection : admin.list().path("projections")) {
            lag += projection.path("lag").asLong();
        }
        return lag;
    }

    private static ServiceProcess startQueryService(Map<String, String> env) throws Exception {
        return ServiceProcess.start("query-service-bench", ServiceProcess.jar("query-service"), "SHARELEDGER_QUERY_PORT",
                env, List.of("-Xmx1g"));
    }

    private static long publish(String kafka, DefaultKafkaMessageConverter converter, long events) throws Exception {
        EventsTopic.ensure();
        Properties config = new Properties();
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024));
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            long sent = new SyntheticHistory(42).generate(events, event -> producer.send(converter.createKafkaMessage(
                    new GenericDomainEventMessage<>(event.aggregateType(), event.aggregateId(), event.sequence(),
                            event.payload(), MetaData.emptyInstance(), UUID.randomUUID().toString(), event.at()), TOPIC),
                    (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    }));
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("Publishing failed", failure.get());
            }
            return sent;
        }
    }

    private static void awaitCaughtUp(ProjectionsClient admin) {
        await("live processors at the end of the topic").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> totalLag(admin) == 0);
    }

    /** Reads the whole topic, deserializes every event and inserts one row per event, 1000 per batch and commit. */
    private static long baseline(String kafka, DefaultKafkaMessageConverter converter, TestDatabase db) throws Exception {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
             Connection connection = db.connect()) {
            try (Statement ddl = connection.createStatement()) {
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
                        insert.setString(1, event.getIdentifier());
                        insert.setString(2, event.getAggregateIdentifier());
                        insert.setLong(3, event.getSequenceNumber());
                        insert.setString(4, event.getPayload().getClass().getSimpleName());
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
            return count;
        }
    }

    private static JsonNode awaitRebuild(ProjectionsClient admin, String readModel) throws Exception {
        await("rebuild of " + readModel).atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> !"RUNNING".equals(admin.get(readModel).path("rebuild").path("state").asText()));
        JsonNode rebuild = admin.get(readModel).path("rebuild");
        if (!"COMPLETED".equals(rebuild.path("state").asText())) {
            throw new IllegalStateException("The rebuild ended " + rebuild.path("state").asText() + ": "
                    + rebuild.path("failure").asText());
        }
        return rebuild;
    }

    private static double report(String what, long count, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = count / seconds;
        System.out.printf("%-52s %,10d events in %7.1f s = %,9.0f events/s%n", what, count, seconds, rate);
        return rate;
    }
}
