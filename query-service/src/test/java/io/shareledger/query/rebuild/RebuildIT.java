package io.shareledger.query.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.ShareId;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.EventPublisher;
import io.shareledger.query.support.RandomHistory;
import io.shareledger.query.support.StandaloneService;
import io.shareledger.testsupport.PrometheusText;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilds over a real broker and database: a long random history is published in transactions
 * (followed by an aborted one, so that partitions end with records a processor never receives) to a
 * topic of this test's own, consumed by a query service of its own on a fresh database. A rebuild
 * gives the live read model's checksum and answers, readers are served the same answers throughout,
 * and a rebuild runs alongside live writes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildIT {

    private static final String TOPIC = "rebuild-it-" + UUID.randomUUID();
    private static final Duration LONG = Duration.ofSeconds(180);

    private static TestDatabase db;
    private static ConfigurableApplicationContext service;
    private static KafkaProducer<String, byte[]> producer;
    private static RandomHistory history;

    @BeforeAll
    static void start() throws Exception {
        String servers = EventPublisher.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            // unlimited retention, as the services create the topic
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rebuild-it-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        db = TestDatabase.get().fresh();
        history = RandomHistory.generate(4, 250, 3000, 2, Instant.now().minus(Duration.ofHours(2)));
        publish(history.events(), new Random(4));
        // started on a topic full of transactional records: the live processors catch up from the start,
        // fetching records of several partitions at once (ArrivalOrderBuffer)
        service = start(100);
        awaitCaughtUp();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void onlyOperatorsReachTheProjectionsAndUnknownNamesAre404() {
        assertThat(api().get("/admin/projections").send().status()).isEqualTo(401);
        String member = TestIssuer.get().memberToken("subject-" + UUID.randomUUID());
        assertThat(api().get("/admin/projections").token(member).send().status()).isEqualTo(403);
        assertThat(api().post("/admin/projections/shares/rebuild").token(member).send().status()).isEqualTo(403);
        assertThat(api().delete("/admin/projections/shares/rebuild").token(member).send().status()).isEqualTo(403);
        assertThat(api().get("/admin/projections/shares/checksum").token(member).send().status()).isEqualTo(403);

        for (Api.Request request : List.of(api().get("/admin/projections/no-such-model"),
                api().post("/admin/projections/no-such-model/rebuild"),
                api().delete("/admin/projections/no-such-model/rebuild"),
                api().get("/admin/projections/no-such-model/checksum"))) {
            Api.Response response = request.token(operator()).send();
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }

        JsonNode list = api().get("/admin/projections").token(operator()).send().json();
        assertThat(list.path("projections")).extracting(p -> p.path("name").asText())
                .containsExactly("member-profiles", "member-consents", "shares", "member-history");
        JsonNode shares = list.path("projections").get(2);
        assertThat(shares.path("state").asText()).isEqualTo("LIVE");
        assertThat(shares.path("partitions")).hasSize(6);
        assertThat(shares.path("deadLetters").asLong()).isZero();
        assertThat(shares.has("rebuild")).isTrue();
    }

    /**
     * Caught up means lag 0 on every partition, although the end offsets count control records
     * (commit and abort markers) and aborted records the processors never receive: here some
     * partitions end past the token's next offset.
     */
    @Test
    @Order(2)
    void aCaughtUpReadModelHasNoLagDespiteCommitMarkers() {
        awaitCaughtUp();
        boolean markerAtTheEnd = false;
        for (JsonNode projection : api().get("/admin/projections").token(operator()).send().json().path("projections")) {
            assertThat(projection.path("lag").asLong()).as(projection.path("name").asText()).isZero();
            for (JsonNode partition : projection.path("partitions")) {
                assertThat(partition.path("lag").asLong()).isZero();
                markerAtTheEnd |= partition.path("end").asLong() > partition.path("position").asLong();
            }
        }
        assertThat(markerAtTheEnd).as("a partition that ends with records no processor receives").isTrue();
        // the gauges say the same, commit markers notwithstanding
        await().atMost(LONG).untilAsserted(() -> {
            PrometheusText metrics = metrics();
            for (ReadModel model : ReadModel.values()) {
                assertThat(metrics.find("shareledger_read_model_lag_events", "read_model", model.modelName()))
                        .singleElement().satisfies(m -> assertThat(m.value()).as(model.modelName()).isZero());
                assertThat(metrics.sum("shareledger_read_model_lag_seconds", "read_model", model.modelName())).isZero();
            }
        });
    }

    /**
     * While the switch is held up (this test holds the registry row as a live writer does), the
     * rebuild stays running: a second start is 409, a cancel drops the new version and leaves the
     * live one as it was, and a second cancel is 409.
     */
    @Test
    @Order(3)
    void aRunningRebuildIsExclusiveAndCanBeCancelledLeavingLiveUntouched() throws Exception {
        String before = checksum("shares").path("checksum").asText();
        int version = projection("shares").path("version").asInt();
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("select 1 from read_model where name = 'shares' for key share");
            }
            Api.Response started = api().post("/admin/projections/shares/rebuild").token(operator()).send();
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.header("Location")).isEqualTo("/admin/projections/shares");
            assertThat(started.json().path("state").asText()).isEqualTo("REBUILDING");
            assertThat(started.json().path("rebuild").path("state").asText()).isEqualTo("RUNNING");
            assertThat(started.json().path("rebuild").path("targetVersion").asInt()).isEqualTo(version + 1);
            assertThat(schemaExists("rm_shares_v" + (version + 1))).isTrue();

            Api.Response again = api().post("/admin/projections/shares/rebuild").token(operator()).send();
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/problem+json");
            assertThat(again.json().path("code").asText()).isEqualTo("rebuild-running");

            await().atMost(LONG).until(() -> projection("shares").path("rebuild").path("processed").asLong() > 0);
            await().atMost(LONG).untilAsserted(() -> {
                PrometheusText metrics = metrics();
                assertThat(metrics.sum("shareledger_rebuild_running", "read_model", "shares")).isEqualTo(1);
                assertThat(metrics.sum("shareledger_rebuild_running", "read_model", "member-profiles")).isZero();
                double processed = metrics.sum("shareledger_rebuild_processed_offsets", "read_model", "shares");
                assertThat(processed).isPositive();
                assertThat(metrics.sum("shareledger_rebuild_target_offsets", "read_model", "shares"))
                        .isEqualTo(projection("shares").path("rebuild").path("total").asDouble());
            });
            Api.Response cancelled = api().delete("/admin/projections/shares/rebuild").token(operator()).send();
            assertThat(cancelled.status()).isEqualTo(202);
            assertThat(cancelled.json().path("state").asText()).isEqualTo("LIVE");
            assertThat(cancelled.json().path("rebuild").path("state").asText()).isEqualTo("CANCELLED");
            assertThat(cancelled.json().path("rebuild").path("finishedAt").asText()).isNotEmpty();
            connection.commit();
        }
        assertThat(schemaExists("rm_shares_v" + (version + 1))).isFalse();
        assertThat(api().delete("/admin/projections/shares/rebuild").token(operator()).send().status()).isEqualTo(409);
        JsonNode after = projection("shares");
        assertThat(after.path("version").asInt()).isEqualTo(version);
        assertThat(checksum("shares").path("checksum").asText()).isEqualTo(before);
        assertThat(schemaExists("rm_shares_v" + version)).isTrue();
    }

    /**
     * Each read model rebuilt from the beginning of the topic has the live one's checksum and gives
     * the same answers; readers polling the query API meanwhile always get those answers.
     */
    @Test
    @Order(4)
    void aRebuiltReadModelHasTheLiveChecksumAndReadersAreServedThroughout() throws Exception {
        assertThat(history.members()).hasSizeGreaterThan(250);
        assertThat(history.shares()).hasSizeGreaterThan(300);
        assertThat(history.events().stream().map(e -> e.payload().getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrder("MemberRegisteredEvent", "ProfileChangedEvent", "ConsentGrantedEvent",
                        "ConsentWithdrawnEvent", "ConsentExpiredEvent", "MemberForgottenEvent", "ShareOfferedEvent",
                        "ShareAcceptedEvent", "ShareDeclinedEvent", "ShareRevokedEvent", "ShareExpiredEvent");
        Map<ReadModel, JsonNode> before = checksums();
        Map<String, String> answers = answers();
        assertThat(answers).hasSizeGreaterThan(100);
        List<String> readerFailures = new CopyOnWriteArrayList<>();
        AtomicLong reads = new AtomicLong();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            List<Map.Entry<String, String>> entries = new ArrayList<>(answers.entrySet());
            Random random = new Random(7);
            while (reading.get()) {
                Map.Entry<String, String> entry = entries.get(random.nextInt(entries.size()));
                String answer = answer(entry.getKey());
                reads.incrementAndGet();
                if (!answer.equals(entry.getValue())) {
                    readerFailures.add(entry.getKey().split("\\|")[0] + " answered " + answer.split("\\|")[0]);
                }
            }
        });
        reader.start();
        try {
            for (ReadModel model : ReadModel.values()) {
                int version = projection(model.modelName()).path("version").asInt();
                assertThat(api().post("/admin/projections/" + model.modelName() + "/rebuild").token(operator()).send().status())
                        .isEqualTo(202);
                JsonNode done = awaitRebuilt(model, version + 1);
                assertThat(done.path("rebuild").path("processed").asLong()).isPositive();
                assertThat(done.path("rebuild").path("total").asLong()).isPositive();
                await().atMost(LONG).untilAsserted(() -> {
                    PrometheusText metrics = metrics();
                    assertThat(metrics.sum("shareledger_rebuild_running", "read_model", model.modelName())).isZero();
                    assertThat(metrics.sum("shareledger_rebuild_processed_offsets", "read_model", model.modelName()))
                            .isEqualTo(done.path("rebuild").path("processed").asDouble());
                    assertThat(metrics.sum("shareledger_rebuild_target_offsets", "read_model", model.modelName()))
                            .isEqualTo(done.path("rebuild").path("total").asDouble());
                });
                // dropped right after the switch, in a transaction of its own
                await().atMost(LONG).until(() -> !schemaExists(model.schema(version)));
            }
        } finally {
            reading.set(false);
            reader.join();
        }
        assertThat(readerFailures).isEmpty();
        assertThat(reads.get()).isPositive();

        Map<ReadModel, JsonNode> after = checksums();
        for (ReadModel model : ReadModel.values()) {
            assertThat(after.get(model).path("checksum").asText()).as(model.modelName())
                    .isEqualTo(before.get(model).path("checksum").asText());
            assertThat(after.get(model).path("rows").asLong()).isEqualTo(before.get(model).path("rows").asLong());
            assertThat(after.get(model).path("version").asInt()).isEqualTo(before.get(model).path("version").asInt() + 1);
        }
        assertThat(answers()).isEqualTo(answers);
    }

    /**
     * Rebuilds of all read models run while new events arrive; once everything is caught up, a
     * second round of rebuilds gives the same checksums as the first.
     */
    @Test
    @Order(5)
    void rebuildsAlongsideLiveWritesAgreeWithASecondRebuild() throws Exception {
        Map<ReadModel, Integer> versions = new EnumMap<>(ReadModel.class);
        for (ReadModel model : ReadModel.values()) {
            versions.put(model, projection(model.modelName()).path("version").asInt());
            assertThat(api().post("/admin/projections/" + model.modelName() + "/rebuild").token(operator()).send().status())
                    .isEqualTo(202);
        }
        RandomHistory more = RandomHistory.generate(5, 60, 800, 1, Instant.now().minus(Duration.ofHours(1)));
        publish(more.events(), new Random(5));
        for (ReadModel model : ReadModel.values()) {
            awaitRebuilt(model, versions.get(model) + 1);
        }
        awaitCaughtUp();
        Map<ReadModel, JsonNode> first = checksums();

        for (ReadModel model : ReadModel.values()) {
            assertThat(api().post("/admin/projections/" + model.modelName() + "/rebuild").token(operator()).send().status())
                    .isEqualTo(202);
            awaitRebuilt(model, versions.get(model) + 2);
        }
        Map<ReadModel, JsonNode> second = checksums();
        for (ReadModel model : ReadModel.values()) {
            assertThat(second.get(model).path("checksum").asText()).as(model.modelName())
                    .isEqualTo(first.get(model).path("checksum").asText());
        }
        // the new members are in: the live version took over where the rebuild stopped
        RandomHistory.Member newcomer = more.members().get(0);
        assertThat(api().get("/api/v1/members/" + newcomer.id()).token(TestIssuer.get().memberToken(newcomer.subject()))
                .send().status()).isEqualTo(200);
    }

    /**
     * A rebuild whose owner stops beating (a killed instance) is adopted and resumed from the
     * offsets of its last committed batch, and ends with the live checksum.
     */
    @Test
    @Order(6)
    void aRebuildWhoseOwnerStoppedIsResumedFromItsStoredOffsets() throws Exception {
        String before = checksum("member-history").path("checksum").asText();
        int version = projection("member-history").path("version").asInt();
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("select 1 from read_model where name = 'member-history' for key share");
            }
            assertThat(api().post("/admin/projections/member-history/rebuild").token(operator()).send().status())
                    .isEqualTo(202);
            await().atMost(LONG).until(() -> count("select count(*) from read_model_rebuild_offset where name = 'member-history'") > 0);
            // as if the owner had died: another owner whose heartbeat is long gone
            try (Connection other = db.connect(); Statement s = other.createStatement()) {
                s.execute("update read_model set rebuild_owner = 'gone', heartbeat_at = now() - interval '1 hour' "
                        + "where name = 'member-history'");
            }
            connection.commit();
        }
        JsonNode done = awaitRebuilt(ReadModel.MEMBER_HISTORY, version + 1);
        assertThat(done.path("rebuild").path("state").asText()).isEqualTo("COMPLETED");
        assertThat(checksum("member-history").path("checksum").asText()).isEqualTo(before);
        assertThat(count("select count(*) from read_model_rebuild_offset")).isZero();
    }

    /**
     * An instance stopped in the middle of a rebuild leaves it running with the offsets of its last
     * batch; the instance started next on the same database resumes it from there, and the result
     * has the live checksum.
     */
    @Test
    @Order(7)
    void aRebuildInterruptedByAStopIsResumedByTheNextInstance() throws Exception {
        String before = checksum("shares").path("checksum").asText();
        int version = projection("shares").path("version").asInt();
        service.close();
        // one event per batch: the rebuild is still running when this instance stops
        service = start(1);
        assertThat(api().post("/admin/projections/shares/rebuild").token(operator()).send().status()).isEqualTo(202);
        await().atMost(LONG).until(() -> count("select count(*) from read_model_rebuild_offset where name = 'shares'") > 0);
        service.close();
        assertThat(count("select count(*) from read_model where name = 'shares' and rebuild_state = 'RUNNING'")).isEqualTo(1);
        long stored = count("select coalesce(sum(next_offset), 0) from read_model_rebuild_offset where name = 'shares'");
        assertThat(stored).isPositive();

        service = start(100);
        JsonNode done = awaitRebuilt(ReadModel.SHARES, version + 1);
        assertThat(done.path("rebuild").path("processed").asLong()).isGreaterThanOrEqualTo(stored);
        assertThat(checksum("shares").path("checksum").asText()).isEqualTo(before);
    }

    private static ConfigurableApplicationContext start(int batchSize) {
        return StandaloneService.start(db,
                "--shareledger.kafka.topic=" + TOPIC,
                "--shareledger.rebuild.batch-size=" + batchSize,
                "--shareledger.rebuild.report-interval=1s",
                "--shareledger.rebuild.heartbeat-timeout=3s",
                "--shareledger.rebuild.adopt-interval=1s",
                "--shareledger.metrics.lag-interval=300ms");
    }

    private static JsonNode awaitRebuilt(ReadModel model, int version) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode projection = projection(model.modelName());
            assertThat(projection.path("rebuild").path("state").asText()).isIn("RUNNING", "COMPLETED");
            return projection.path("version").asInt() == version
                    && projection.path("rebuild").path("state").asText().equals("COMPLETED");
        });
        JsonNode projection = projection(model.modelName());
        assertThat(projection.path("state").asText()).isEqualTo("LIVE");
        return projection;
    }

    private static void awaitCaughtUp() {
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode list = api().get("/admin/projections").token(operator()).send().json();
            for (JsonNode projection : list.path("projections")) {
                if (projection.path("lag").asLong() != 0) {
                    return false;
                }
            }
            return list.path("projections").size() == 4;
        });
    }

    /** Query API answers for a sample of members and shares: "path|caller" to "status|body". */
    private static Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        List<RandomHistory.Member> members = history.members();
        for (int i = 0; i < members.size(); i += 5) {
            RandomHistory.Member member = members.get(i);
            String base = "/api/v1/members/" + member.id();
            for (String path : List.of(base, base + "/consents", base + "/shares?limit=100",
                    base + "/shares?direction=incoming&limit=100&sort=offeredAt")) {
                answers.put(path + "|" + member.subject(), answer(path + "|" + member.subject()));
            }
            answers.put(base + "/history?limit=100|privacy-officer", answer(base + "/history?limit=100|privacy-officer"));
        }
        List<ShareId> shares = history.shares();
        for (int i = 0; i < shares.size(); i += 10) {
            String path = "/api/v1/shares/" + shares.get(i) + "|privacy-officer";
            answers.put(path, answer(path));
        }
        return answers;
    }

    private static String answer(String key) {
        String[] parts = key.split("\\|");
        String token = parts[1].equals("privacy-officer")
                ? TestIssuer.get().token("officer", "privacy-officer")
                : TestIssuer.get().memberToken(parts[1]);
        Api.Response response = api().get(parts[0]).token(token).send();
        return response.status() + "|" + response.body();
    }

    private static Map<ReadModel, JsonNode> checksums() {
        Map<ReadModel, JsonNode> checksums = new EnumMap<>(ReadModel.class);
        for (ReadModel model : ReadModel.values()) {
            checksums.put(model, checksum(model.modelName()));
        }
        return checksums;
    }

    private static JsonNode checksum(String name) {
        Api.Response response = api().get("/admin/projections/" + name + "/checksum").token(operator()).send();
        assertThat(response.status()).isEqualTo(200);
        JsonNode checksum = response.json();
        assertThat(checksum.path("checksum").asText()).hasSize(64);
        assertThat(checksum.path("rows").asLong()).isPositive();
        return checksum;
    }

    private static JsonNode projection(String name) {
        Api.Response response = api().get("/admin/projections/" + name).token(operator()).send();
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    /**
     * Publishes in transactions of random sizes, as the command side's transactional publisher does,
     * then a transaction that is aborted: partitions end with commit markers, aborted records and an
     * abort marker, which a read_committed processor never receives.
     */
    private static void publish(List<RandomHistory.Event> events, Random random) {
        EventPublisher converter = EventPublisher.get();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(40));
            producer.beginTransaction();
            events.subList(from, to).forEach(e -> producer.send(record(converter, e)));
            producer.commitTransaction();
            from = to;
        }
        producer.beginTransaction();
        for (RandomHistory.Event e : events.subList(Math.max(0, events.size() - 30), events.size())) {
            producer.send(record(converter, e));
        }
        producer.flush();
        producer.abortTransaction();
    }

    private static ProducerRecord<String, byte[]> record(EventPublisher converter, RandomHistory.Event e) {
        ProducerRecord<String, byte[]> record = converter.record(e.aggregateId(), e.sequence(), e.payload(), e.at());
        return new ProducerRecord<>(TOPIC, null, record.key(), record.value(), record.headers());
    }

    private static boolean schemaExists(String schema) throws Exception {
        return count("select count(*) from pg_namespace where nspname = '" + schema + "'") == 1;
    }

    private static long count(String query) throws Exception {
        try (Connection connection = db.connect(); Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PrometheusText metrics() {
        Api.Response scrape = api().get("/actuator/prometheus").token(operator()).send();
        assertThat(scrape.status()).isEqualTo(200);
        return PrometheusText.parse(scrape.body());
    }

    private static String operator() {
        return TestIssuer.get().token("operator-rebuild", "operator");
    }

    private static Api api() {
        return StandaloneService.api(service);
    }
}
