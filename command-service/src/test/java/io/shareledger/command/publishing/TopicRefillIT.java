package io.shareledger.command.publishing;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.command.support.TopicReader;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lost topic is refilled from the event store: every stored event exactly once, per aggregate in
 * order, with the key and headers the live publisher wrote. Runs its own instance on a fresh
 * database and its own topic, so the shared topic other tests read is left alone.
 */
class TopicRefillIT {

    private static final String TOPIC = "shareledger.refill-it." + UUID.randomUUID();

    private static TestDatabase db;
    private static ServiceInstance service;

    private record Stored(long globalIndex, String aggregateId, long sequenceNumber, String eventId) {
    }

    @BeforeAll
    static void start() {
        db = TestDatabase.get().fresh();
        service = ServiceInstance.start(db,
                "--shareledger.kafka.topic=" + TOPIC,
                "--axon.kafka.default-topic=" + TOPIC);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aDeletedTopicIsRefilledWithEveryStoredEventOnceInOrderWithTheLivePublishersKeysAndHeaders() throws Exception {
        Api api = service.api();
        for (int i = 0; i < 3; i++) {
            Api.Member member = api.register(TestIssuer.get());
            assertThat(api.grant(member, "SHARE_ITEMS").status()).isLessThan(300);
            assertThat(api.grant(member, "RECEIVE_SHARES").status()).isLessThan(300);
            assertThat(api.put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                    .json("{\"displayName\":\"Renamed\",\"email\":\"renamed" + i + "@example.org\"}").send().status())
                    .isLessThan(300);
        }
        List<Stored> stored = storedEvents();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(12);
        assertThat(stored.stream().map(Stored::aggregateId).distinct()).hasSizeGreaterThanOrEqualTo(3);

        List<ConsumerRecord<String, byte[]>> live = await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC), r -> r.size() >= stored.size());
        assertThat(live).hasSize(stored.size());
        Map<String, ConsumerRecord<String, byte[]>> liveById = live.stream()
                .collect(Collectors.toMap(r -> text(r, "axon-message-id"), Function.identity()));

        deleteTopic();

        Api.Response response = api.post("/admin/topic/refill").token(TestIssuer.get().token("op", "operator")).send();

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("events").asLong()).isEqualTo(stored.size());
        // the live publisher's token had passed every event before the deletion, so it sends none again:
        // the refilled topic holds each stored event exactly once
        List<ConsumerRecord<String, byte[]>> refilled = TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC);
        assertThat(refilled).hasSize(stored.size());
        assertThat(refilled).extracting(r -> text(r, "axon-message-id"))
                .containsExactlyInAnyOrderElementsOf(stored.stream().map(Stored::eventId).toList());

        for (ConsumerRecord<String, byte[]> record : refilled) {
            ConsumerRecord<String, byte[]> before = liveById.get(text(record, "axon-message-id"));
            for (String name : List.of("axon-message-id", "axon-message-type", "axon-message-revision",
                    "axon-message-aggregate-id", "axon-message-aggregate-seq")) {
                assertThat(record.headers().lastHeader(name)).as("header %s", name).isNotNull();
            }
            assertThat(record.key()).isEqualTo(before.key()).isEqualTo(text(record, "axon-message-aggregate-id"));
            // the same headers, but for the trace context: the live record carries the publisher's span
            // (a child of the write's), the refilled one the write's own, as stored with the event
            assertThat(withoutTraceContext(headers(record))).isEqualTo(withoutTraceContext(headers(before)));
            String traceparent = text(record, "traceparent");
            assertThat(text(record, "axon-metadata-traceparent")).isEqualTo(traceparent);
            assertThat(traceparent.split("-")[1]).as("the write's trace")
                    .isEqualTo(text(before, "traceparent").split("-")[1]);
            assertThat(record.value()).isEqualTo(before.value());
        }
        // per aggregate: one partition, sequence numbers in order (records are read partition by partition, in offset order)
        Map<String, List<ConsumerRecord<String, byte[]>>> byAggregate = refilled.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> entry : byAggregate.entrySet()) {
            assertThat(entry.getValue()).extracting(ConsumerRecord::partition).containsOnly(entry.getValue().get(0).partition());
            List<Long> offsets = entry.getValue().stream().map(ConsumerRecord::offset).toList();
            assertThat(offsets).isSorted();
            List<Long> expected = stored.stream().filter(s -> s.aggregateId().equals(entry.getKey()))
                    .map(Stored::sequenceNumber).toList();
            assertThat(entry.getValue()).extracting(r -> number(r, "axon-message-aggregate-seq")).isEqualTo(expected);
        }

        eventsTheLivePublisherCouldNotSendAreRefilledAheadOfItsRetries(api, stored);
    }

    /**
     * The topic is lost while commands go on: the live publisher cannot send their events and retries.
     * The refill puts every stored event on the new topic; the live publisher, paused meanwhile, then
     * finds the events it failed to send on the topic already (it reads the topic's tail after a
     * failed batch, ADR 0016) and does not send them again. So the topic holds every stored event
     * once, each aggregate's in order.
     */
    private void eventsTheLivePublisherCouldNotSendAreRefilledAheadOfItsRetries(Api api, List<Stored> before) throws Exception {
        deleteTopic();
        Api.Member late = api.register(TestIssuer.get());
        assertThat(api.grant(late, "SHARE_ITEMS").status()).isLessThan(300);
        List<Stored> stored = storedEvents();
        List<String> pending = stored.subList(before.size(), stored.size()).stream().map(Stored::eventId).toList();
        assertThat(pending).hasSize(2);

        Api.Response response = api.post("/admin/topic/refill").token(TestIssuer.get().token("op", "operator")).send();

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("events").asLong()).isEqualTo(stored.size());
        // the resumed live publisher's position passes the pending events
        long last = stored.get(stored.size() - 1).globalIndex();
        await().atMost(Duration.ofSeconds(60)).until(() -> StoredEvents.publisherPosition(db) >= last);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC);
        assertThat(records).extracting(r -> text(r, "axon-message-id"))
                .containsExactlyInAnyOrderElementsOf(stored.stream().map(Stored::eventId).toList());
        Map<String, List<ConsumerRecord<String, byte[]>>> byAggregate = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> entry : byAggregate.entrySet()) {
            List<String> expected = stored.stream().filter(s -> s.aggregateId().equals(entry.getKey()))
                    .map(Stored::eventId).toList();
            assertThat(entry.getValue()).extracting(r -> text(r, "axon-message-id")).as("aggregate %s", entry.getKey())
                    .isEqualTo(expected);
        }
        assertThat(byAggregate).containsKey(late.id()).hasSize(4);
    }

    private static void deleteTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.deleteTopics(List.of(TOPIC)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(TOPIC));
        }
    }

    @Test
    void onlyOperatorsMayRefill() {
        Api api = service.api();
        Api.Response anonymous = api.post("/admin/topic/refill").send();
        Api.Response member = api.post("/admin/topic/refill").token(TestIssuer.get().token("m", "member")).send();

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(member.status()).isEqualTo(403);
        assertThat(member.contentType()).startsWith("application/problem+json");
    }

    private static List<Stored> storedEvents() throws SQLException {
        try (Connection connection = db.connect();
             ResultSet rs = connection.createStatement().executeQuery("""
                     select global_index, aggregate_identifier, sequence_number, event_identifier
                     from domain_event_entry order by global_index""")) {
            List<Stored> events = new ArrayList<>();
            while (rs.next()) {
                events.add(new Stored(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
            }
            return events;
        }
    }

    /** Every header in order, values in Base64 to compare them as text. */
    private static List<String> headers(ConsumerRecord<String, byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + (header.value() == null ? "null" : Base64.getEncoder().encodeToString(header.value())));
        }
        return headers;
    }

    private static List<String> withoutTraceContext(List<String> headers) {
        return headers.stream().filter(header -> !header.startsWith("traceparent=") && !header.startsWith("tracestate=")
                && !header.startsWith("axon-metadata-traceparent=") && !header.startsWith("axon-metadata-tracestate=")).toList();
    }

    private static String text(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long number(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return java.nio.ByteBuffer.wrap(header.value()).getLong();
    }
}
