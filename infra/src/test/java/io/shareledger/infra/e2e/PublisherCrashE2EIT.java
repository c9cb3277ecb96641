package io.shareledger.infra.e2e;

import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes while the publisher is sending batches, with eight clients changing their profiles all
 * along: the command service killed with SIGKILL and started again, or the broker killed with
 * SIGKILL and started again on its data. Afterwards a consumer reading committed records finds
 * every stored event on the topic exactly once (ADR 0016: a restarted publisher fences the one
 * before and aborts its open transaction, and does not send again what is on the topic already).
 * Each run prints how many records of aborted transactions the topic holds: batches a crash cut
 * short and that were sent again.
 */
@ExtendWith(DocumentedAnswers.class)
class PublisherCrashE2EIT {

    private static final int WRITERS = 8;
    private static final int CRASHES = 2;
    private static final Duration EVENTUALLY = Duration.ofSeconds(120);

    private record Member(String id, String token) {
    }

    @Test
    void killingTheCommandServiceMidBatchLosesNothingAndPublishesNothingTwice() throws Exception {
        try (E2eStack stack = E2eStack.start("publisher-crash")) {
            List<Member> members = register(stack.command().baseUrl());
            Writers writers = new Writers(() -> stack.command().baseUrl(), members);
            try {
                for (int crash = 1; crash <= CRASHES; crash++) {
                    writers.awaitMore(120);
                    stack.killAndRestartCommand();
                }
                writers.awaitMore(100);
            } finally {
                writers.stop();
            }

            assertEachStoredEventOnceOnTopic("command service killed", stack.writeDb(), TestKafka.bootstrapServers(), stack.topic());
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                for (Member member : members) {
                    assertThat(Http.get(stack.query().baseUrl() + "/api/v1/members/me", member.token()).body()
                            .path("displayName").asText()).isEqualTo(writers.lastAcknowledged.get(member.id()));
                }
            });
        }
    }

    @Test
    void killingTheBrokerMidBatchLosesNothingAndPublishesNothingTwice(@TempDir Path brokerDir) throws Exception {
        TestDatabase writeDb = TestDatabase.get().fresh();
        try (BrokerProcess broker = BrokerProcess.start("publisher-crash-broker", brokerDir)) {
            Map<String, String> env = ServiceEnvironment.commandService(writeDb);
            env.put("SHARELEDGER_KAFKA", broker.bootstrapServers());
            try (ServiceProcess command = ServiceProcess.start("publisher-crash-broker-command-service",
                    ServiceProcess.jar("command-service"), "SHARELEDGER_COMMAND_PORT", env)) {
                Writers writers = new Writers(command::baseUrl, register(command.baseUrl()));
                try {
                    for (int crash = 1; crash <= CRASHES; crash++) {
                        writers.awaitMore(120);
                        broker.kill();
                        broker.restart();
                    }
                    writers.awaitMore(100);
                } finally {
                    writers.stop();
                }
                assertEachStoredEventOnceOnTopic("broker killed", writeDb, broker.bootstrapServers(), EventsTopic.NAME);
            }
        }
    }

    private static List<Member> register(String commandUrl) {
        TestIssuer issuer = TestIssuer.get();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String token = issuer.memberToken("publisher-crash-" + UUID.randomUUID());
            Http.Answer registered = Http.post(commandUrl + "/api/v1/members", token, "{\"handle\":\"pc_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "\",\"displayName\":\"Member " + i
                    + "\",\"email\":\"m" + i + "@example.org\"}");
            assertThat(registered.status()).isEqualTo(201);
            members.add(new Member(registered.body().path("id").asText(), token));
        }
        return members;
    }

    /** One client per member, changing its profile in a loop; connection failures (the service down) are retried. */
    private static final class Writers {
        private final Map<String, String> lastAcknowledged = new ConcurrentHashMap<>();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);

        Writers(Supplier<String> commandUrl, List<Member> members) {
            for (Member member : members) {
                pool.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String name = "Name " + n;
                        try {
                            Http.Answer answer = Http.put(commandUrl.get() + "/api/v1/members/" + member.id() + "/profile",
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
        }

        void awaitMore(int writes) {
            int target = acknowledged.get() + writes;
            await().atMost(EVENTUALLY).until(() -> acknowledged.get() >= target);
        }

        void stop() throws InterruptedException {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void assertEachStoredEventOnceOnTopic(String crash, TestDatabase writeDb, String bootstrapServers,
                                                         String topic) throws Exception {
        List<String> stored = storedEventIds(writeDb);
        List<String> published = await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(1))
                .until(() -> messageIds(bootstrapServers, topic, "read_committed"), ids -> new HashSet<>(ids).containsAll(stored));
        assertThat(new HashSet<>(published)).as("on the topic: every stored event, nothing the store lacks")
                .isEqualTo(new HashSet<>(stored));
        assertThat(published).as("records on the topic, each event once").doesNotHaveDuplicates();
        int aborted = messageIds(bootstrapServers, topic, "read_uncommitted").size() - published.size();
        System.out.printf("publisher crash (%s %d times): %d events stored, %d records on the topic (and %d of aborted"
                + " transactions)%n", crash, CRASHES, stored.size(), published.size(), aborted);
    }

    private static List<String> storedEventIds(TestDatabase writeDb) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection db = writeDb.connect(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("select event_identifier from domain_event_entry")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The message id of every record of the topic, as a consumer of the given isolation level sees them. */
    private static List<String> messageIds(String bootstrapServers, String topic, String isolationLevel) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
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
