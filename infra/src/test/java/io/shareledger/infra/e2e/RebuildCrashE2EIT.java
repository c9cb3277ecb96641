package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.infra.bench.SyntheticHistory;
import io.shareledger.infra.ops.ProjectionsClient;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestKeyServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild survives a crash: the query service runs from its jar as a process, a read model is
 * rebuilt from a topic of thousands of events in small batches, the process is killed with SIGKILL in the
 * middle, started again, and the rebuild ends with the checksum the live version had; the live
 * version answers reads, unchanged, while the rebuild runs after the restart.
 */
class RebuildCrashE2EIT {

    private static final String READ_MODEL = "member-history";
    private static final Duration EVENTUALLY = Duration.ofMinutes(3);

    private ServiceProcess query;

    @AfterEach
    void stop() {
        if (query != null) {
            query.close();
        }
    }

    @Test
    void aRebuildKilledMidwayEndsWithTheLiveChecksumAndReadsKeepBeingServed() throws Exception {
        TestDatabase readDb = TestDatabase.get().fresh();
        TestIssuer issuer = TestIssuer.get();
        // a topic of its own: the shared one holds other tests' events, encrypted with keys of their own
        String topic = "rebuild-crash-" + UUID.randomUUID();
        EventsTopic.ensure(topic);
        List<String> subjects = publishHistory(topic, 6_000);
        Map<String, String> env = ServiceEnvironment.queryService(readDb, TestKeyServer.get().url());
        // small batches: the rebuild takes long enough to be killed in the middle
        env.put("SHARELEDGER_REBUILD_BATCHSIZE", "20");
        env.put("SHARELEDGER_KAFKA_TOPIC", topic);
        query = start(env);
        ProjectionsClient admin = new ProjectionsClient(query.baseUrl(), issuer.token("operator-e2e", "operator"));
        await("live read models caught up").atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(1))
                .until(() -> lag(admin) == 0);
        JsonNode live = admin.checksum(READ_MODEL);
        String member = subjects.get(subjects.size() / 2);
        String memberToken = issuer.memberToken(member);
        Http.Answer history = Http.get(query.baseUrl() + "/api/v1/members/me", memberToken);
        assertThat(history.status()).isEqualTo(200);
        String historyUrl = query.baseUrl() + "/api/v1/members/" + history.body().path("id").asText() + "/history?limit=100";
        JsonNode expectedHistory = Http.get(historyUrl, memberToken).body().path("items");
        assertThat(expectedHistory).isNotEmpty();

        admin.rebuild(READ_MODEL);
        await("rebuild under way").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(20))
                .until(() -> admin.get(READ_MODEL).path("rebuild").path("processed").asLong() > 0);
        JsonNode beforeKill = admin.get(READ_MODEL).path("rebuild");
        query.kill();
        assertThat(beforeKill.path("state").asText()).isEqualTo("RUNNING");
        assertThat(beforeKill.path("processed").asLong()).isLessThan(beforeKill.path("total").asLong());

        query = start(env);
        ProjectionsClient restarted = new ProjectionsClient(query.baseUrl(), issuer.token("operator-e2e", "operator"));
        List<String> readFailures = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            String url = query.baseUrl() + "/api/v1/members/" + history.body().path("id").asText() + "/history?limit=100";
            while (reading.get()) {
                Http.Answer answer = Http.get(url, memberToken);
                if (answer.status() != 200 || !answer.body().path("items").equals(expectedHistory)) {
                    readFailures.add(answer.status() + " " + answer.body());
                }
            }
        });
        reader.start();
        try {
            JsonNode resumed = restarted.get(READ_MODEL).path("rebuild");
            assertThat(resumed.path("targetVersion").asLong()).isEqualTo(beforeKill.path("targetVersion").asLong());
            await("rebuild finished after the restart").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200))
                    .until(() -> !"RUNNING".equals(restarted.get(READ_MODEL).path("rebuild").path("state").asText()));
        } finally {
            reading.set(false);
            reader.join();
        }

        JsonNode after = restarted.get(READ_MODEL);
        assertThat(after.path("rebuild").path("state").asText()).isEqualTo("COMPLETED");
        assertThat(after.path("version").asLong()).isEqualTo(beforeKill.path("targetVersion").asLong());
        JsonNode rebuilt = restarted.checksum(READ_MODEL);
        assertThat(rebuilt.path("checksum").asText()).isEqualTo(live.path("checksum").asText());
        assertThat(rebuilt.path("rows").asLong()).isEqualTo(live.path("rows").asLong());
        assertThat(readFailures).isEmpty();
        assertThat(Http.get(historyUrl, memberToken).body().path("items")).isEqualTo(expectedHistory);
    }

    private static ServiceProcess start(Map<String, String> env) throws Exception {
        return ServiceProcess.start("query-service-rebuild", ServiceProcess.jar("query-service"), "SHARELEDGER_QUERY_PORT", env);
    }

    private static long lag(ProjectionsClient admin) throws Exception {
        long lag = 0;
        for (JsonNode projection : admin.list().path("projections")) {
            lag += projection.path("lag").asLong();
        }
        return lag;
    }

    /** Publishes a synthetic history in the command side's wire format, encrypted; answers the members' token subjects. */
    private static List<String> publishHistory(String topic, long events) {
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
                .serializer(ShareLedgerSerializer.encrypting(TestKeyServer.get().keys())).build();
        Map<Object, String> subjects = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10),
                new StringSerializer(), new ByteArraySerializer())) {
            new SyntheticHistory(UUID.randomUUID().getMostSignificantBits()).generate(events, event -> {
                if (event.payload() instanceof MemberRegisteredEvent registered) {
                    subjects.put(registered.memberId(), registered.subject());
                } else if (event.payload() instanceof MemberForgottenEvent forgotten) {
                    subjects.remove(forgotten.memberId());
                }
                producer.send(converter.createKafkaMessage(new GenericDomainEventMessage<>(event.aggregateType(),
                        event.aggregateId(), event.sequence(), event.payload(), MetaData.emptyInstance(),
                        UUID.randomUUID().toString(), event.at()), topic));
            });
            producer.flush();
        }
        return new ArrayList<>(subjects.values());
    }
}
