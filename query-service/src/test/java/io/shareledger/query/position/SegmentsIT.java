package io.shareledger.query.position;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.shareledger.query.config.SegmentsControl;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.EventPublisher;
import io.shareledger.query.support.RandomHistory;
import io.shareledger.query.support.StandaloneService;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each read model's processor in {@code shareledger.projections.segments} segments shared by two
 * instances on one read database (issue 12, point 1; docs/adr/0019-read-model-segments.md).
 *
 * <p>A random history (thousands of events over hundreds of aggregates, in producer transactions
 * of random sizes on six partitions, ending with an aborted one) is published in three parts while
 * two instances run: during the second part one instance is frozen (its connection pool suspended:
 * it holds its claims and work but can commit nothing, as a paused or partitioned process) until the
 * other has taken its segments over, then it is thawed (its late work must fail on the lost claims)
 * and closed, and during the third part it runs again as a new instance. Then every read model must
 * hold, for every aggregate, exactly the last sequence published, and have the checksum (every row,
 * positions included) of a clean single instance with one segment that read the topic once. Then the
 * processors are stopped on both instances, the read models emptied and the tokens reset: the
 * replay, during which one instance is closed and started again, must end at the same checksums.
 */
class SegmentsIT {

    private static final Duration LONG = Duration.ofSeconds(180);

    private static RandomHistory history;
    private static Map<String, Long> published;
    private static final Map<Integer, String> topics = new HashMap<>();
    private static final Map<String, Map<ReadModel, String>> references = new HashMap<>();
    private static final Map<String, TestDatabase> referenceDatabases = new HashMap<>();
    private static final List<ConfigurableApplicationContext> open = new ArrayList<>();
    private static int instances;

    @BeforeAll
    static void history() {
        history = RandomHistory.generate(12, 300, 3500, 12, Instant.now().minus(Duration.ofHours(3)));
        published = history.events().stream()
                .collect(Collectors.toMap(RandomHistory.Event::aggregateId, RandomHistory.Event::sequence, Math::max));
    }

    @AfterAll
    static void closeAll() {
        open.forEach(ConfigurableApplicationContext::close);
    }

    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {4, 1})
    void twoInstancesApplyEveryEventOnceThroughAFreezeARestartAndAReplay(int segments) throws Exception {
        String topic = topic(segments);
        TestDatabase db = TestDatabase.get().fresh();
        List<RandomHistory.Event> events = history.events();
        int third = events.size() / 3;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ConfigurableApplicationContext a = start(db, topic, segments);
            ConfigurableApplicationContext b = start(db, topic, segments);
            publish(producer, topic, events.subList(0, third), new Random(1));

            // a freezes: b takes its segments once its claims run out (claim timeout 5 s)
            HikariDataSource frozen = (HikariDataSource) a.getBean(DataSource.class);
            frozen.getHikariPoolMXBean().suspendPool();
            publish(producer, topic, events.subList(third, 2 * third), new Random(2));
            String other = owner(b);
            int share = Math.max(1, segments - 1);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    count(db, "select count(*) from token_entry where owner = '" + other + "'") == 4L * share);
            frozen.getHikariPoolMXBean().resumePool();
            close(a);

            ConfigurableApplicationContext again = start(db, topic, segments);
            publish(producer, topic, events.subList(2 * third, events.size()), new Random(3));
            abortedTail(producer, topic, events);

            awaitComplete(db);
            assertExact(db, segments);
            assertThat(checksums(again)).as("checksums after the live run; shares differing from the reference: "
                    + shareDifferences(db, topic)).isEqualTo(reference(topic));
            if (segments > 1) {
                assertThat(owners(db)).as("both instances hold segments").hasSize(2);
            }

            // replay: processors stopped everywhere, read models emptied, tokens reset, one instance restarted meanwhile
            for (ConfigurableApplicationContext service : List.of(again, b)) {
                processors(service).forEach(StreamingEventProcessor::shutDown);
            }
            empty(db);
            processors(again).forEach(StreamingEventProcessor::resetTokens);
            for (ConfigurableApplicationContext service : List.of(again, b)) {
                processors(service).forEach(StreamingEventProcessor::start);
            }
            await().atMost(LONG).until(() -> count(db, "select count(*) from member_history_position") > 50);
            close(b);
            start(db, topic, segments);
            awaitComplete(db);
            assertExact(db, segments);
            assertThat(checksums(again)).as("checksums after the replay; shares differing from the reference: "
                    + shareDifferences(db, topic)).isEqualTo(reference(topic));
        }
    }

    /** What one instance with one segment makes of the topic, read once from its start. */
    private static Map<ReadModel, String> reference(String topic) {
        return references.computeIfAbsent(topic, t -> {
            TestDatabase db = TestDatabase.get().fresh();
            referenceDatabases.put(t, db);
            try (ConfigurableApplicationContext clean = StandaloneService.start(db, "--shareledger.kafka.topic=" + t)) {
                awaitComplete(db);
                return checksums(clean);
            }
        });
    }

    /**
     * A description of the shares whose rows differ from the reference run's, without their text:
     * status, version and which personal fields are null, and whether the owner is forgotten.
     */
    private static String shareDifferences(TestDatabase db, String topic) {
        reference(topic);
        String query = """
                select s.share_id, s.status || ' v' || s.version || ' title ' || (s.item_title is null)
                       || ' note ' || (s.note is null) || ' explanation ' || (s.revocation_note is null)
                       || ' owner forgotten ' || exists (select 1 from share_forgotten_owner f where f.member_id = s.owner_id)
                from share_view s
                """;
        try {
            Map<String, String> ours = rows(db, query);
            Map<String, String> theirs = rows(referenceDatabases.get(topic), query);
            List<String> differences = new ArrayList<>();
            for (String id : new java.util.TreeSet<>(theirs.keySet())) {
                if (!theirs.get(id).equals(ours.get(id))) {
                    differences.add("[here: " + ours.get(id) + " / reference: " + theirs.get(id) + "]");
                }
            }
            return differences.size() + " " + differences.stream().limit(10).toList();
        } catch (Exception e) {
            return "(not compared: " + e.getClass().getSimpleName() + ")";
        }
    }

    private static Map<String, String> rows(TestDatabase db, String query) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = db.connect(); Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static void assertExact(TestDatabase db, int segments) throws Exception {
        for (ReadModel model : ReadModel.values()) {
            assertThat(positions(db, model)).as(model.modelName() + ": last sequence applied per aggregate")
                    .isEqualTo(new TreeMap<>(published));
        }
        assertThat(count(db, "select count(distinct segment) from token_entry where processor_name = 'shares'"))
                .isEqualTo(segments);
        assertThat(count(db, "select count(*) from dead_letter_entry")).isZero();
    }

    private static void awaitComplete(TestDatabase db) {
        try {
            await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> shortfall(db).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Not every event applied within " + LONG + "; per read model, the aggregates "
                    + "short of their last sequence and the events missing: " + shortfall(db), e);
        }
        // a batch in flight past the expected positions would show in the checks that follow
        sleep(1_000);
    }

    /** Per read model short of the history: "aggregates short / events missing". */
    private static Map<String, String> shortfall(TestDatabase db) {
        Map<String, String> shortfall = new TreeMap<>();
        try {
            for (ReadModel model : ReadModel.values()) {
                Map<String, Long> positions = positions(db, model);
                long aggregates = 0;
                long missing = 0;
                for (Map.Entry<String, Long> e : published.entrySet()) {
                    long applied = positions.getOrDefault(e.getKey(), -1L);
                    if (applied != e.getValue()) {
                        aggregates++;
                        missing += e.getValue() - applied;
                    }
                }
                if (aggregates > 0) {
                    shortfall.put(model.modelName(), aggregates + " aggregates / " + missing + " events");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return shortfall;
    }

    private static Map<String, Long> positions(TestDatabase db, ReadModel model) throws Exception {
        Map<String, Long> positions = new TreeMap<>();
        try (Connection connection = db.connect(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select aggregate_id, last_sequence from " + model.positionView())) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getLong(2));
            }
        }
        return positions;
    }

    /** Empties every read model's live tables and positions, as a reset handler would. */
    private static void empty(TestDatabase db) throws Exception {
        try (Connection connection = db.connect(); Statement s = connection.createStatement()) {
            for (ReadModel model : ReadModel.values()) {
                int version;
                try (ResultSet rs = s.executeQuery("select live_version from read_model where name = '" + model.modelName() + "'")) {
                    rs.next();
                    version = rs.getInt(1);
                }
                String schema = model.schema(version);
                List<String> tables = new ArrayList<>();
                model.allTables().forEach(table -> tables.add(schema + "." + table.name()));
                s.execute("truncate " + String.join(", ", tables));
            }
        }
        for (ReadModel model : ReadModel.values()) {
            assertThat(positions(db, model)).isEmpty();
        }
    }

    private static String owner(ConfigurableApplicationContext service) {
        return service.getEnvironment().getProperty("shareledger.projections.token-owner");
    }

    /** The instances holding a claim on a segment of some read model. */
    private static List<String> owners(TestDatabase db) throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection connection = db.connect(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select distinct owner from token_entry where owner is not null")) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        }
        return owners;
    }

    private static List<StreamingEventProcessor> processors(ConfigurableApplicationContext service) {
        EventProcessingConfiguration processing = service.getBean(EventProcessingConfiguration.class);
        return List.of(ReadModel.values()).stream()
                .map(model -> processing.eventProcessor(model.modelName(), StreamingEventProcessor.class).orElseThrow())
                .toList();
    }

    private static Map<ReadModel, String> checksums(ConfigurableApplicationContext service) {
        Api api = StandaloneService.api(service);
        String operator = TestIssuer.get().token("operator-segments", "operator");
        Map<ReadModel, String> checksums = new EnumMap<>(ReadModel.class);
        for (ReadModel model : ReadModel.values()) {
            Api.Response response = api.get("/admin/projections/" + model.modelName() + "/checksum").token(operator).send();
            assertThat(response.status()).isEqualTo(200);
            JsonNode checksum = response.json();
            assertThat(checksum.path("rows").asLong()).isPositive();
            checksums.put(model, checksum.path("rows").asLong() + " rows " + checksum.path("checksum").asText());
        }
        return checksums;
    }

    /**
     * {@code -Dsegments-it.control=timestamp-order} runs the instances with the extension's default
     * buffer (a negative control, expected to fail: ADR 0019, condition 1).
     */
    private static ConfigurableApplicationContext start(TestDatabase db, String topic, int segments) {
        List<String> settings = new ArrayList<>();
        if (segments > 1 && "timestamp-order".equals(System.getProperty("segments-it.control"))) {
            settings.add("--spring.main.sources=" + SegmentsControl.TimestampOrder.class.getName());
            settings.add("--spring.main.allow-bean-definition-overriding=true");
        }
        settings.addAll(List.of(
                "--shareledger.kafka.topic=" + topic,
                "--shareledger.projections.segments=" + segments,
                // of four segments each instance takes three at most: both instances work, and one alone keeps three
                "--shareledger.projections.max-segments-per-instance=" + Math.max(1, segments - 1),
                "--shareledger.projections.start-timeout=2s",
                "--spring.datasource.hikari.allow-pool-suspension=true",
                "--shareledger.projections.token-owner=segments-it-" + (++instances)));
        ConfigurableApplicationContext service = StandaloneService.start(db, settings.toArray(String[]::new));
        open.add(service);
        return service;
    }

    private static void close(ConfigurableApplicationContext service) {
        open.remove(service);
        service.close();
    }

    private static String topic(int segments) {
        return topics.computeIfAbsent(segments, s -> {
            String topic = "segments-it-" + s + "-" + UUID.randomUUID();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EventPublisher.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return topic;
        });
    }

    private static KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EventPublisher.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "segments-it-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** In transactions of random sizes, as the command side's publisher, with short pauses between them. */
    private static void publish(KafkaProducer<String, byte[]> producer, String topic, List<RandomHistory.Event> events,
                                Random random) {
        EventPublisher converter = EventPublisher.get();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(40));
            producer.beginTransaction();
            events.subList(from, to).forEach(e -> producer.send(record(converter, topic, e)));
            producer.commitTransaction();
            from = to;
            if (random.nextInt(10) == 0) {
                sleep(20);
            }
        }
    }

    /** Records that a read_committed consumer never receives: the last events again, aborted. */
    private static void abortedTail(KafkaProducer<String, byte[]> producer, String topic, List<RandomHistory.Event> events) {
        EventPublisher converter = EventPublisher.get();
        producer.beginTransaction();
        events.subList(events.size() - 30, events.size()).forEach(e -> producer.send(record(converter, topic, e)));
        producer.flush();
        producer.abortTransaction();
    }

    private static ProducerRecord<String, byte[]> record(EventPublisher converter, String topic, RandomHistory.Event e) {
        ProducerRecord<String, byte[]> record = converter.record(e.aggregateId(), e.sequence(), e.payload(), e.at());
        return new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
    }

    private static long count(TestDatabase db, String query) throws Exception {
        try (Connection connection = db.connect(); Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
