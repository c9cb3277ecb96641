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
import org.junit.jupiter.api.extension.ExtendWith;

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
 * A rebuild survives a crash: the query service runs from its jar as a process, its live read models
 * start at the end of a topic of thousands of events (as for read models added to a running system),
 * the history read model is rebuilt in small batches, the process is killed with SIGKILL in the
 * middle and started again. The rebuild resumes and ends with the same rows (checksum) as a clean
 * rebuild of the same events afterwards, and a reader polling throughout sees the old version or the
 * new one, never a half-built one.
 */
@ExtendWith(DocumentedAnswers.class)
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
    void aRebuildKilledMidwayEndsWithTheChecksumOfACleanRebuildAndReadsSeeOldOrNewNeverHalf() throws Exception {
        TestDatabase readDb = TestDatabase.get().fresh();
        TestIssuer issuer = TestIssuer.get();
        // a topic of its own: the shared one holds other tests' events, encrypted with keys of their own
        String topic = "rebuild-crash-" + UUID.randomUUID();
        EventsTopic.ensure(topic);
        Map<String, String> env = ServiceEnvironment.queryService(readDb, TestKeyServer.get().url());
        // small batches: the rebuild takes long enough to be killed in the middle
        env.put("SHARELEDGER_REBUILD_BATCHSIZE", "20");
        env.put("SHARELEDGER_KAFKA_TOPIC", topic);
        try (ServiceProcess first = start(env)) {
            LiveTokens.awaitMade(readDb, new ProjectionsClient(first.baseUrl(), issuer.token("operator-e2e", "operator"),
                DocumentedAnswers.client()));
        }
        List<String> subjects = publishHistory(topic, 6_000);
        // the live read models start at the end of the topic: only rebuilds give them the past
        LiveTokens.placeAtTheEnd(topic, readDb);
        query = start(env);
        ProjectionsClient admin = new ProjectionsClient(query.baseUrl(), issuer.token("operator-e2e", "operator"),
                DocumentedAnswers.client());
        rebuild(admin, "member-profiles");
        String memberToken = issuer.memberToken(subjects.get(subjects.size() / 2));
        Http.Answer me = Http.get(query.baseUrl() + "/api/v1/members/me", memberToken);
        assertThat(me.status()).isEqualTo(200);
        String historyPath = "/api/v1/members/" + me.body().path("id").asText() + "/history?limit=100";
        JsonNode before = Http.get(query.baseUrl() + historyPath, memberToken).body().path("items");
        assertThat(before).isEmpty();

        admin.rebuild(READ_MODEL);
        await("rebuild under way").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(20))
                .until(() -> admin.get(READ_MODEL).path("rebuild").path("processed").asLong() > 0);
        JsonNode beforeKill = admin.get(READ_MODEL).path("rebuild");
        query.kill();
        assertThat(beforeKill.path("state").asText()).isEqualTo("RUNNING");
        assertThat(beforeKill.path("processed").asLong()).isLessThan(beforeKill.path("total").asLong());

        query = start(env);
        ProjectionsClient restarted = new ProjectionsClient(query.baseUrl(), issuer.token("operator-e2e", "operator"),
                DocumentedAnswers.client());
        List<JsonNode> answers = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        String historyUrl = query.baseUrl() + historyPath;
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                Http.Answer answer = Http.get(historyUrl, memberToken);
                if (answer.status() == 200) {
                    answers.add(answer.body().path("items"));
                } else {
                    failures.add(answer.status() + " " + answer.body());
                }
            }
        });
        reader.start();
        try {
            assertThat(restarted.get(READ_MODEL).path("rebuild").path("targetVersion").asLong())
                    .isEqualTo(beforeKill.path("targetVersion").asLong());
            await("rebuild resumed and finished after the restart").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200))
                    .until(() -> !"RUNNING".equals(restarted.get(READ_MODEL).path("rebuild").path("state").asText()));
        } finally {
            reading.set(false);
            reader.join();
        }
        JsonNode after = restarted.get(READ_MODEL);
        assertThat(after.path("rebuild").path("state").asText()).isEqualTo("COMPLETED");
        assertThat(after.path("version").asLong()).isEqualTo(beforeKill.path("targetVersion").asLong());
        JsonNode full = Http.get(historyUrl, memberToken).body().path("items");
        assertThat(full).isNotEmpty();
        assertThat(failures).isEmpty();
        assertThat(answers).isNotEmpty().allSatisfy(answer -> assertThat(answer).isIn(before, full));
        JsonNode resumed = restarted.checksum(READ_MODEL);

        // a clean rebuild of the same events gives the same rows
        rebuild(restarted, READ_MODEL);
        JsonNode clean = restarted.checksum(READ_MODEL);
        assertThat(clean.path("version").asLong()).isEqualTo(resumed.path("version").asLong() + 1);
        assertThat(clean.path("rows").asLong()).isEqualTo(resumed.path("rows").asLong()).isPositive();
        assertThat(clean.path("checksum").asText()).isEqualTo(resumed.path("checksum").asText());
    }

    private static void rebuild(ProjectionsClient admin, String readModel) throws Exception {
        admin.rebuild(readModel);
        await("rebuild of " + readModel).atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200))
                .until(() -> "COMPLETED".equals(admin.get(readModel).path("rebuild").path("state").asText()));
    }

    private static ServiceProcess start(Map<String, String> env) throws Exception {
        return ServiceProcess.start("query-service-rebuild", ServiceProcess.jar("query-service"), "SHARELEDGER_QUERY_PORT", env);
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
