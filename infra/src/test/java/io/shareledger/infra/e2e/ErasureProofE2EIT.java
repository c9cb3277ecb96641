package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.infra.ops.ProjectionsCli;
import io.shareledger.infra.ops.ProjectionsClient;
import io.shareledger.testsupport.Canary;
import io.shareledger.testsupport.RawScan;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proof of erasure, on both services running from their jars: 20 members with unique personal
 * values (canaries) in every personal field, shares, revocations and an officer's audited read each;
 * 10 of them are forgotten. Then every table of both databases (event store, snapshots, sagas, dead
 * letters, key vault, read models of every version), every record of the Kafka topic and both
 * services' logs are scanned for the canaries in every form (raw, case-folded, Base64, URL-encoded,
 * JSON-escaped, hex): the forgotten members' values are nowhere, while the kept members' values are
 * still found in the read models (so the scan can find what is there). Every read model is then
 * rebuilt from the topic and scanned again.
 */
@ExtendWith(DocumentedAnswers.class)
class ErasureProofE2EIT {

    private static final int MEMBERS = 20;
    private static final Duration EVENTUALLY = Duration.ofSeconds(90);

    private record Member(String id, String token, Canary subject, Canary handle, Canary name, Canary email,
                          Canary title, Canary note, Canary explanation, Canary reason) {

        List<Canary> canaries() {
            return List.of(subject, handle, name, email, title, note, explanation, reason);
        }
    }

    private static E2eStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = E2eStack.start("erasure-proof");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void forgottenMembersArePersonallyNowhereAndKeptMembersStillAre() throws Exception {
        TestIssuer issuer = TestIssuer.get();
        String command = stack.command().baseUrl();
        String query = stack.query().baseUrl();
        String officer = issuer.token("officer-proof", "privacy-officer");
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            Canary subject = Canary.random("sub");
            String token = issuer.memberToken(subject.value());
            Canary handle = Canary.random("h");
            Canary name = Canary.random("Name");
            Canary email = Canary.random("mail");
            Http.Answer registered = Http.post(command + "/api/v1/members", token, "{\"handle\":\"" + handle
                    + "\",\"displayName\":\"" + name + "\",\"email\":\"" + email + "@example.org\"}");
            assertThat(registered.status()).as("%s", registered.body()).isEqualTo(201);
            String id = registered.body().path("id").asText();
            for (String purpose : new String[]{"SHARE_ITEMS", "RECEIVE_SHARES"}) {
                assertThat(Http.post(command + "/api/v1/members/" + id + "/consents", token,
                        "{\"purpose\":\"" + purpose + "\"}").status()).isEqualTo(201);
            }
            members.add(new Member(id, token, subject, handle, name, email, Canary.random("Title"), Canary.random("Note"),
                    Canary.random("Why"), Canary.random("Reason")));
        }
        for (int i = 0; i < MEMBERS; i++) {
            Member owner = members.get(i);
            Member recipient = members.get((i + 1) % MEMBERS);
            Http.Answer offered = Http.post(command + "/api/v1/shares", owner.token(), "{\"recipientId\":\"" + recipient.id()
                    + "\",\"itemRef\":\"doc:" + i + "\",\"itemTitle\":\"" + owner.title() + "\",\"note\":\"" + owner.note()
                    + "\",\"permission\":\"VIEW\"}");
            assertThat(offered.status()).as("%s", offered.body()).isEqualTo(201);
            if (i % 2 == 0) {
                assertThat(Http.post(command + "/api/v1/shares/" + offered.body().path("id").asText() + "/revoke",
                        owner.token(), "{\"reason\":\"" + owner.explanation() + "\"}").status()).isEqualTo(200);
            }
        }
        for (Member member : members) {
            // an officer's audited read: the reason becomes an event of the member, through the real command service
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(Http.get(query + "/api/v1/members/" + member.id()
                    + "/history?reason=" + URLEncoder.encode(member.reason().value(), StandardCharsets.UTF_8), officer)
                    .status()).isEqualTo(200));
        }
        Member witness = members.get(MEMBERS - 1);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(Http.get(query + "/api/v1/members/" + witness.id()
                + "/history?limit=100", witness.token()).body().path("items"))
                .anySatisfy(entry -> {
                    assertThat(entry.path("eventType").asText()).isEqualTo("MemberDataAccessed");
                    assertThat(entry.path("actor").asText()).isEqualTo("privacy-officer");
                }));
        List<Member> forgotten = members.subList(0, MEMBERS / 2);
        List<Member> kept = members.subList(MEMBERS / 2, MEMBERS);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(RawScan.tables(stack.readDb(),
                RawScan.allTables(stack.readDb()), canaries(kept))).isNotEmpty());

        for (Member member : forgotten) {
            Http.Answer receipt = Http.post(command + "/api/v1/members/" + member.id() + "/erasure", member.token(), null);
            assertThat(receipt.status()).isEqualTo(200);
            assertThat(receipt.body().path("erased")).isNotEmpty();
            member.canaries().forEach(canary -> assertThat(canary.foundIn(receipt.body().toString())).isEmpty());
        }
        ProjectionsClient admin = new ProjectionsClient(query, issuer.token("operator-proof", "operator"),
                DocumentedAnswers.client());

        // the read models catch up with the erasures and the revocations they cause
        await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(RawScan.tables(stack.readDb(), RawScan.allTables(stack.readDb()), canaries(forgotten))).isEmpty());
        assertNowhere(forgotten);
        assertKeptInTheReadModels(kept);
        assertThat(logFindings(canaries(members))).as("personal data in the services' logs").isEmpty();

        // every read model rebuilt with the operator's command line, which waits for each to take over
        ByteArrayOutputStream cliOutput = new ByteArrayOutputStream();
        ProjectionsCli cli = new ProjectionsCli(new PrintStream(cliOutput, true, StandardCharsets.UTF_8), System.err, false, 200,
                DocumentedAnswers.client());
        Map<String, String> cliEnv = Map.of("SHARELEDGER_QUERY_URL", query, "SHARELEDGER_TOKEN", issuer.token("operator-proof", "operator"));
        for (JsonNode projection : admin.list().path("projections")) {
            String name = projection.path("name").asText();
            assertThat(cli.run(new String[]{"rebuild", name}, cliEnv)).as("%s", cliOutput).isEqualTo(ProjectionsCli.OK);
            assertThat(admin.get(name).path("version").asInt()).isEqualTo(projection.path("version").asInt() + 1);
        }
        assertThat(cliOutput.toString(StandardCharsets.UTF_8)).contains("rebuild completed");
        assertNowhere(forgotten);
        assertKeptInTheReadModels(kept);
    }

    private static void assertNowhere(List<Member> forgotten) {
        List<Canary> canaries = canaries(forgotten);
        assertThat(RawScan.tables(stack.writeDb(), RawScan.allTables(stack.writeDb()), canaries)).as("write database").isEmpty();
        assertThat(RawScan.tables(stack.readDb(), RawScan.allTables(stack.readDb()), canaries)).as("read database").isEmpty();
        assertThat(RawScan.records(topic(), canaries)).as("Kafka records").isEmpty();
        assertThat(logFindings(canaries)).as("logs").isEmpty();
    }

    /** The kept members' handles, names and titles are in the read models: the scan finds what is there. */
    private static void assertKeptInTheReadModels(List<Member> kept) {
        List<String> found = RawScan.tables(stack.readDb(), RawScan.allTables(stack.readDb()), canaries(kept));
        for (Member member : kept) {
            for (Canary canary : List.of(member.handle(), member.name(), member.email(), member.title())) {
                assertThat(found).as("kept %s", canary).anyMatch(finding -> finding.contains(canary.value()));
            }
        }
    }

    private static List<Canary> canaries(List<Member> members) {
        return members.stream().flatMap(member -> member.canaries().stream()).toList();
    }

    private static List<String> logFindings(List<Canary> canaries) {
        List<String> findings = new ArrayList<>();
        for (ServiceProcess service : List.of(stack.command(), stack.query())) {
            try {
                byte[] log = Files.readAllBytes(service.log());
                canaries.forEach(canary -> canary.foundIn(log).forEach(form -> findings.add(service.log() + ": " + canary + " as " + form)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return findings;
    }

    /** Every record of the events topic, from the beginning to the end as it is now. */
    private static List<ConsumerRecord<String, byte[]>> topic() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(stack.topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
