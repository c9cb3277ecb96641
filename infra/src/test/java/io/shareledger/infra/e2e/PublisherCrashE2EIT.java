package io.shareledger.infra.e2e;

import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command service is killed with SIGKILL twice while eight clients keep changing their
 * profiles, each time while its publisher is sending batches, and started again on the same
 * database. Afterwards a consumer reading committed records finds every stored event on the topic
 * exactly once (ADR 0016: the restarted publisher fences the killed one's open transaction and does
 * not send again what is on the topic already), and the query service shows every member's last
 * acknowledged profile.
 */
class PublisherCrashE2EIT {

    private static final int WRITERS = 8;
    private static final int KILLS = 2;
    private static final Duration EVENTUALLY = Duration.ofSeconds(120);

    private record Member(String id, String token) {
    }

    private static E2eStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = E2eStack.start("publisher-crash");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killingTheCommandServiceMidBatchLosesNothingAndPublishesNothingTwice() throws Exception {
        TestIssuer issuer = TestIssuer.get();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String token = issuer.memberToken("publisher-crash-" + UUID.randomUUID());
            Http.Answer registered = Http.post(stack.command().baseUrl() + "/api/v1/members", token, "{\"handle\":\"pc_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "\",\"displayName\":\"Member " + i
                    + "\",\"email\":\"m" + i + "@example.org\"}");
            assertThat(registered.status()).isEqualTo(201);
            members.add(new Member(registered.body().path("id").asText(), token));
        }

        Map<String, String> lastAcknowledged = new ConcurrentHashMap<>();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            for (Member member : members) {
                writers.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String name = "Name " + n;
                        try {
                            Http.Answer answer = Http.put(stack.command().baseUrl() + "/api/v1/members/" + member.id() + "/profile",
                                    member.token(), "{\"displayName\":\"" + name + "\",\"email\":\"p" + n + "@example.org\"}");
                            if (answer.status() == 200) {
                                lastAcknowledged.put(member.id(), name);
                                acknowledged.incrementAndGet();
                            }
                        } catch (UncheckedIOException serviceDown) {
                            Thread.sleep(100);
                        }
                    }
                    return null;
                });
            }
            for (int kill = 1; kill <= KILLS; kill++) {
                int target = acknowledged.get() + 120;
                await().atMost(EVENTUALLY).until(() -> acknowledged.get() >= target);
                stack.killAndRestartCommand();
            }
            int target = acknowledged.get() + 100;
            await().atMost(EVENTUALLY).until(() -> acknowledged.get() >= target);
        } finally {
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        List<String> stored = storedEventIds();
        List<String> published = await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(1))
                .until(() -> publishedEventIds("read_committed"), ids -> new HashSet<>(ids).containsAll(stored));
        assertThat(new HashSet<>(published)).as("on the topic: every stored event, nothing the store lacks")
                .isEqualTo(new HashSet<>(stored));
        assertThat(published).as("records on the topic, each event once").doesNotHaveDuplicates();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (Member member : members) {
                assertThat(Http.get(stack.query().baseUrl() + "/api/v1/members/me", member.token()).body()
                        .path("displayName").asText()).isEqualTo(lastAcknowledged.get(member.id()));
            }
        });
        // records of transactions the broker aborted: a batch a kill left open, sent again after the restart
        int aborted = publishedEventIds("read_uncommitted").size() - published.size();
        System.out.printf("publisher crash: %d kills, %d acknowledged writes, %d events stored, %d records on the topic"
                + " (and %d of aborted transactions)%n", KILLS, acknowledged.get(), stored.size(), published.size(), aborted);
    }

    private static List<String> storedEventIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection db = stack.writeDb().connect(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("select event_identifier from domain_event_entry")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The message id of every record of the stack's topic, as a consumer of the given isolation level sees them. */
    private static List<String> publishedEventIds(String isolationLevel) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(stack.topic(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(stack.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> ids = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    Header id = record.headers().lastHeader("axon-message-id");
                    ids.add(id == null ? "(no id)" : new String(id.value(), StandardCharsets.UTF_8));
                });
            }
            return ids;
        }
    }
}
