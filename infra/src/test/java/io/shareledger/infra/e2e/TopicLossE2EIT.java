package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.infra.ops.ProjectionsClient;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events topic is lost: it is deleted under both running services, refilled from the event
 * store by the command service's operator route, every read model is rebuilt from it, and the query
 * API answers exactly as before. Events written afterwards still arrive.
 */
@ExtendWith(DocumentedAnswers.class)
class TopicLossE2EIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);

    private record Member(String id, String token) {
    }

    private static E2eStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = E2eStack.start("topic-loss");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDeletedTopicIsRefilledAndEveryReadModelRebuiltGivesTheSameAnswers() throws Exception {
        TestIssuer issuer = TestIssuer.get();
        String command = stack.command().baseUrl();
        String query = stack.query().baseUrl();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String token = issuer.memberToken("topic-loss-" + UUID.randomUUID());
            Http.Answer registered = Http.post(command + "/api/v1/members", token, "{\"handle\":\"tl_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "\",\"displayName\":\"Member " + i
                    + "\",\"email\":\"m" + i + "@example.org\"}");
            assertThat(registered.status()).isEqualTo(201);
            Member member = new Member(registered.body().path("id").asText(), token);
            for (String purpose : new String[]{"SHARE_ITEMS", "RECEIVE_SHARES"}) {
                assertThat(Http.post(command + "/api/v1/members/" + member.id() + "/consents", token,
                        "{\"purpose\":\"" + purpose + "\"}").status()).isEqualTo(201);
            }
            members.add(member);
        }
        for (int i = 0; i < members.size(); i++) {
            Member owner = members.get(i);
            Member recipient = members.get((i + 1) % members.size());
            Http.Answer offered = Http.post(command + "/api/v1/shares", owner.token(), "{\"recipientId\":\"" + recipient.id()
                    + "\",\"itemRef\":\"doc:" + i + "\",\"itemTitle\":\"Item " + i + "\",\"permission\":\"VIEW\"}");
            assertThat(offered.status()).isEqualTo(201);
            String share = command + "/api/v1/shares/" + offered.body().path("id").asText();
            assertThat(Http.post(share + (i % 2 == 0 ? "/accept" : "/decline"), recipient.token(), null).status()).isEqualTo(200);
        }
        assertThat(Http.put(command + "/api/v1/members/" + members.get(0).id() + "/profile", members.get(0).token(),
                "{\"displayName\":\"Renamed\",\"email\":\"renamed@example.org\"}").status()).isEqualTo(200);
        ProjectionsClient admin = new ProjectionsClient(query, issuer.token("operator-topic-loss", "operator"),
                DocumentedAnswers.client());
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Map<String, JsonNode> now = answers(members);
            assertThat(now.get(members.get(0).id() + " me").path("displayName").asText()).isEqualTo("Renamed");
            for (Member member : members) {
                assertThat(now.get(member.id() + " incoming").path("items")).singleElement()
                        .satisfies(share -> assertThat(share.path("status").asText()).isIn("ACCEPTED", "DECLINED"));
            }
            long lag = 0;
            for (JsonNode projection : admin.list().path("projections")) {
                lag += projection.path("lag").asLong();
            }
            assertThat(lag).isZero();
        });
        Map<String, JsonNode> before = answers(members);

        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            kafka.deleteTopics(List.of(stack.topic())).all().get();
            await().atMost(EVENTUALLY).until(() -> !kafka.listTopics().names().get().contains(stack.topic()));
        }
        Http.Answer refill = Http.post(command + "/admin/topic/refill", issuer.token("operator-topic-loss", "operator"), null);
        assertThat(refill.status()).as("%s", refill.body()).isEqualTo(202);
        assertThat(refill.body().path("events").asLong()).isPositive();

        for (JsonNode projection : admin.list().path("projections")) {
            String name = projection.path("name").asText();
            admin.rebuild(name);
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).until(() ->
                    "COMPLETED".equals(admin.get(name).path("rebuild").path("state").asText()));
        }
        assertThat(answers(members)).isEqualTo(before);

        // what is written after the loss still reaches the read models
        assertThat(Http.put(command + "/api/v1/members/" + members.get(1).id() + "/profile", members.get(1).token(),
                "{\"displayName\":\"After the loss\",\"email\":\"after@example.org\"}").status()).isEqualTo(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(Http.get(query + "/api/v1/members/me", members.get(1).token())
                .body().path("displayName").asText()).isEqualTo("After the loss"));
    }

    /** What the query API answers each member about itself: profile, consents, shares both ways, history. */
    private static Map<String, JsonNode> answers(List<Member> members) {
        String query = stack.query().baseUrl();
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (Member member : members) {
            String base = query + "/api/v1/members/" + member.id();
            answers.put(member.id() + " me", Http.get(query + "/api/v1/members/me", member.token()).body());
            answers.put(member.id() + " consents", Http.get(base + "/consents", member.token()).body());
            answers.put(member.id() + " outgoing", Http.get(base + "/shares?direction=outgoing", member.token()).body());
            answers.put(member.id() + " incoming", Http.get(base + "/shares?direction=incoming", member.token()).body());
            answers.put(member.id() + " history", Http.get(base + "/history?limit=100", member.token()).body());
        }
        return answers;
    }
}
