package io.shareledger.command;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.command.support.TopicReader;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database is killed with SIGKILL (the postmaster and every backend, as in a crash) while eight
 * clients change their profiles, and started again on the same data directory a few seconds later.
 * It runs with PostgreSQL's durable defaults, as the local stack does. Nothing the service
 * acknowledged may be missing afterwards, no version may be acknowledged twice, while the database
 * is away writes answer 503 problem+json with {@code Retry-After}, and the service recovers by
 * itself: writes succeed again and the topic ends up holding every event of the store and none it
 * lacks. Readiness follows the database both ways.
 */
class DatabaseCrashIT {

    private static final int WRITERS = 8;
    private static final String DATABASE = "shareledger_crash";

    @TempDir
    Path dataDir;

    @Test
    void aKilledDatabaseLosesNoAcknowledgedWriteAndPublishesNothingTheStoreLacks() throws Exception {
        int port = freePort();
        EmbeddedPostgres postgres = startDurable(port);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + DATABASE);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
        TestIssuer issuer = TestIssuer.get();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (ServiceInstance service = ServiceInstance.start(url, "postgres", "postgres", TestKafka.bootstrapServers())) {
            Api api = service.api();
            List<Api.Member> members = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                members.add(api.register(issuer));
            }
            Map<String, List<Long>> acknowledged = new ConcurrentHashMap<>();
            List<String> unexpected = new CopyOnWriteArrayList<>();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger acknowledgedAfterRestart = new AtomicInteger();
            AtomicBoolean restarted = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            for (Api.Member member : members) {
                acknowledged.put(member.id(), new CopyOnWriteArrayList<>(List.of(0L)));
                pool.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        Api.Response response = api.put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                                .json("{\"displayName\":\"Name " + n + "\",\"email\":\"" + member.handle() + "@example.org\"}")
                                .send();
                        if (response.status() == 200) {
                            acknowledged.get(member.id()).add(response.version());
                            if (restarted.get()) {
                                acknowledgedAfterRestart.incrementAndGet();
                            }
                        } else if (response.status() == 503 && "application/problem+json".equals(response.contentType())
                                && response.header("Retry-After") != null
                                && response.body().contains("urn:shareledger:problem:unavailable")) {
                            unavailable.incrementAndGet();
                        } else {
                            unexpected.add(response.status() + " " + response.contentType());
                        }
                    }
                    return null;
                });
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedCount(acknowledged) >= 200);
            killWithEverything(postgres);
            await().atMost(Duration.ofSeconds(30)).until(() -> unavailable.get() >= WRITERS);
            await("not ready without its database").atMost(Duration.ofSeconds(10)).until(() -> readiness(api) == 503);
            postgres = startDurable(port);
            restarted.set(true);
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedAfterRestart.get() >= 100);
            await("ready again").atMost(Duration.ofSeconds(10)).until(() -> readiness(api) == 200);
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(unexpected).as("answers other than 200 and 503 problem+json with Retry-After").isEmpty();
            assertThat(unavailable.get()).isPositive();
            Set<String> storedIds = new HashSet<>();
            try (Connection c = postgres.getDatabase("postgres", DATABASE).getConnection();
                 PreparedStatement select = c.prepareStatement(
                         "select sequence_number, event_identifier from domain_event_entry where aggregate_identifier = ?")) {
                for (Api.Member member : members) {
                    List<Long> versions = acknowledged.get(member.id());
                    for (int i = 1; i < versions.size(); i++) {
                        assertThat(versions.get(i)).as("versions acknowledged to one client, in order: %s", versions)
                                .isGreaterThan(versions.get(i - 1));
                    }
                    select.setString(1, member.id());
                    Set<Long> stored = new HashSet<>();
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            stored.add(rs.getLong(1));
                            storedIds.add(rs.getString(2));
                        }
                    }
                    assertThat(stored).as("every acknowledged version is stored").containsAll(versions);
                }
            }

            Set<String> memberIds = members.stream().map(Api.Member::id).collect(Collectors.toSet());
            List<String> published = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TopicReader.readAll(TestKafka.bootstrapServers()).stream()
                                    .filter(r -> memberIds.contains(r.key()))
                                    .map(r -> header(r, "axon-message-id")).toList(),
                            ids -> ids.size() >= storedIds.size());
            assertThat(new HashSet<>(published)).as("on the topic: every event of the store, nothing it lacks")
                    .isEqualTo(storedIds);
            // a batch whose Kafka transaction committed just before the database died is read again
            // once it is back, and not sent again (ADR 0016)
            assertThat(published).as("records on the topic, each event once").doesNotHaveDuplicates();
            System.out.printf("database crash: %d acknowledged writes, %d answered 503, %d events stored,"
                            + " %d records on the topic%n",
                    acknowledgedCount(acknowledged), unavailable.get(), storedIds.size(), published.size());
        } finally {
            pool.shutdownNow();
            postgres.close();
        }
    }

    /** PostgreSQL's durable defaults, which the embedded server's builder turns off. */
    private EmbeddedPostgres startDurable(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    /** SIGKILL to the postmaster and its backends at once: no shutdown checkpoint, no flush. */
    private void killWithEverything(EmbeddedPostgres postgres) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        try {
            postgres.close(); // finds no server to stop; releases the embedded server's lock on the directory
        } catch (IOException | RuntimeException expected) {
            // nothing left to stop
        }
    }

    private static int readiness(Api api) {
        return api.get("/actuator/health/readiness").send().status();
    }

    private static long acknowledgedCount(Map<String, List<Long>> acknowledged) {
        return acknowledged.values().stream().mapToLong(v -> v.size() - 1).sum();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
