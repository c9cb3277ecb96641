package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareledger.testsupport.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The README walkthrough on real parts: both services run from their jars as separate processes,
 * with their own databases on a real PostgreSQL, events travelling through a real Kafka broker,
 * tokens from a JWKS issuer. Each step is checked on the query API, eventually (never by sleeping).
 * Then the query service is restarted and must resume from its tokens: the events it missed while
 * down are applied, and none is applied twice. Every answer is validated against the committed documents
 * ({@link DocumentedAnswers}); the last test shows that the check reports an answer not as documented.
 */
@ExtendWith(DocumentedAnswers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkthroughE2EIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final String QUERY_DOCUMENT = "query-service-public.json";

    private static E2eStack stack;

    private static String aliceToken;
    private static String bobToken;
    private static String alice;
    private static String bob;
    private static String share;
    private static int aliceHistoryBeforeRestart;

    @BeforeAll
    static void startServices() throws Exception {
        stack = E2eStack.start("walkthrough");
        TestIssuer issuer = TestIssuer.get();
        aliceToken = issuer.memberToken("alice-" + UUID.randomUUID());
        bobToken = issuer.memberToken("bob-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopServices() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void membersRegisterAndSeeThemselves() {
        alice = write(Http.post(stack.command().baseUrl() + "/api/v1/members", aliceToken,
                "{\"handle\":\"alice_" + suffix() + "\",\"displayName\":\"Alice\",\"email\":\"alice@example.org\"}"), 201).path("id").asText();
        bob = write(Http.post(stack.command().baseUrl() + "/api/v1/members", bobToken,
                "{\"handle\":\"bob_" + suffix() + "\",\"displayName\":\"Bob\",\"email\":\"bob@example.org\"}"), 201).path("id").asText();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Http.Answer me = Http.get(stack.query().baseUrl() + "/api/v1/members/me", aliceToken);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().path("id").asText()).isEqualTo(alice);
            assertThat(me.body().path("displayName").asText()).isEqualTo("Alice");
            assertThat(me.body().path("status").asText()).isEqualTo("ACTIVE");
        });
    }

    @Test
    @Order(2)
    void bothGrantTheConsentsSharingNeeds() {
        JsonNode aliceConsent = write(Http.post(stack.command().baseUrl() + "/api/v1/members/" + alice + "/consents", aliceToken,
                "{\"purpose\":\"SHARE_ITEMS\"}"), 201);
        JsonNode bobConsent = write(Http.post(stack.command().baseUrl() + "/api/v1/members/" + bob + "/consents", bobToken,
                "{\"purpose\":\"RECEIVE_SHARES\"}"), 201);

        // read-your-writes: the query service waits until it has applied the version the write produced
        Http.Answer consents = Http.get(stack.query().baseUrl() + "/api/v1/members/" + bob + "/consents?waitFor=" + bob + ":"
                + bobConsent.path("version").asLong(), bobToken);
        assertThat(consents.status()).isEqualTo(200);
        assertThat(consents.body().path("items")).singleElement().satisfies(c -> {
            assertThat(c.path("consentId").asText()).isEqualTo(bobConsent.path("id").asText());
            assertThat(c.path("purpose").asText()).isEqualTo("RECEIVE_SHARES");
            assertThat(c.path("status").asText()).isEqualTo("ACTIVE");
        });
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(
                Http.get(stack.query().baseUrl() + "/api/v1/members/" + alice + "/consents", aliceToken).body().path("items"))
                .singleElement().satisfies(c -> assertThat(c.path("consentId").asText()).isEqualTo(aliceConsent.path("id").asText())));
    }

    @Test
    @Order(3)
    void aliceOffersAndBobAccepts() {
        share = write(Http.post(stack.command().baseUrl() + "/api/v1/shares", aliceToken,
                "{\"recipientId\":\"" + bob + "\",\"itemRef\":\"photo:42\",\"itemTitle\":\"Holiday photo\","
                        + "\"note\":\"For you\",\"permission\":\"VIEW\"}"), 201).path("id").asText();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Http.Answer incoming = Http.get(stack.query().baseUrl() + "/api/v1/members/" + bob + "/shares?direction=incoming", bobToken);
            assertThat(incoming.body().path("items")).singleElement().satisfies(s -> {
                assertThat(s.path("shareId").asText()).isEqualTo(share);
                assertThat(s.path("itemTitle").asText()).isEqualTo("Holiday photo");
                assertThat(s.path("status").asText()).isEqualTo("OFFERED");
            });
        });

        JsonNode accepted = write(Http.post(stack.command().baseUrl() + "/api/v1/shares/" + share + "/accept", bobToken, null), 200);
        Http.Answer view = Http.get(stack.query().baseUrl() + "/api/v1/shares/" + share + "?minVersion="
                + accepted.path("version").asLong(), aliceToken);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(view.body().path("ownerId").asText()).isEqualTo(alice);
    }

    @Test
    @Order(4)
    void withdrawingTheConsentRevokesTheShare() {
        String bobConsent = Http.get(stack.query().baseUrl() + "/api/v1/members/" + bob + "/consents", bobToken)
                .body().path("items").get(0).path("consentId").asText();

        write(Http.delete(stack.command().baseUrl() + "/api/v1/members/" + bob + "/consents/" + bobConsent, bobToken), 200);

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonNode view = Http.get(stack.query().baseUrl() + "/api/v1/shares/" + share, aliceToken).body();
            assertThat(view.path("status").asText()).isEqualTo("REVOKED");
            assertThat(view.path("revocationReason").asText()).isEqualTo("CONSENT_WITHDRAWN");
            assertThat(Http.get(stack.query().baseUrl() + "/api/v1/members/" + bob + "/consents", bobToken).body().path("items").get(0)
                    .path("status").asText()).isEqualTo("WITHDRAWN");
        });
    }

    @Test
    @Order(5)
    void theHistoriesShowItAll() {
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(eventTypes(history(alice, aliceToken))).containsExactly(
                    "MemberRegistered", "ConsentGranted", "ShareOffered", "ShareAccepted", "ShareRevoked");
            assertThat(eventTypes(history(bob, bobToken))).containsExactly(
                    "MemberRegistered", "ConsentGranted", "ShareOffered", "ShareAccepted", "ConsentWithdrawn", "ShareRevoked");
        });
        List<JsonNode> bobHistory = history(bob, bobToken);
        assertThat(bobHistory.get(3).path("actor").asText()).isEqualTo(bob);
        assertThat(bobHistory.get(5).path("actor").asText()).isEqualTo("system");
        aliceHistoryBeforeRestart = history(alice, aliceToken).size();
    }

    @Test
    @Order(6)
    void aRestartedQueryServiceResumesWithoutMissingOrRepeatingEvents() throws Exception {
        stack.restartQuery("walkthrough", () -> write(Http.post(stack.command().baseUrl() + "/api/v1/members/" + alice
                + "/consents", aliceToken, "{\"purpose\":\"RECEIVE_SHARES\"}"), 201));

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            List<String> types = eventTypes(history(alice, aliceToken));
            assertThat(types).hasSize(aliceHistoryBeforeRestart + 1);
            assertThat(types).endsWith("ConsentGranted");
        });
        assertThat(Http.get(stack.query().baseUrl() + "/api/v1/members/" + alice + "/consents", aliceToken).body().path("items"))
                .hasSize(2);
    }

    @Test
    @Order(7)
    void theCheckReportsAnswersNotAsDocumented() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode altered = (ObjectNode) json.readTree(DocumentedResponses.read(QUERY_DOCUMENT));
        ((ObjectNode) altered.at("/components/schemas/MemberView/properties")).remove("displayName");
        DocumentedApi control = DocumentedApi.withReplaced(Map.of(QUERY_DOCUMENT, json.writeValueAsString(altered)));
        HttpClient client = control.client(HttpClient.newHttpClient());

        // a real answer against a document that no longer has one of its fields, one to an operation no document
        // has, and one from the actuator, which is not validated
        assertThat(send(client, stack.query().baseUrl() + "/api/v1/members/me", aliceToken)).isEqualTo(200);
        int undocumented = send(client, stack.command().baseUrl() + "/api/v1/nothing-here", aliceToken);
        send(client, stack.command().baseUrl() + "/actuator/health", null);

        assertThat(control.mismatches()).anySatisfy(m -> assertThat(m).startsWith(QUERY_DOCUMENT
                + " (altered): GET /api/v1/members/me 200: validation.response.body.schema.additionalProperties"))
                .anySatisfy(m -> assertThat(m).isEqualTo("GET /api/v1/nothing-here " + undocumented
                        + ": no committed document has the operation GET /api/v1/nothing-here"));
        assertThat(control.validated()).hasSize(1);
        assertThatThrownBy(control::verify).isInstanceOf(AssertionError.class).hasMessageContaining("not as documented");

        // the same answer against the committed documents is as documented, and this class's collector has it
        DocumentedApi committed = DocumentedApi.committed();
        assertThat(send(committed.client(HttpClient.newHttpClient()), stack.query().baseUrl() + "/api/v1/members/me",
                aliceToken)).isEqualTo(200);
        assertThat(committed.mismatches()).isEmpty();
        assertThat(DocumentedAnswers.current().validated()).extracting(e -> e.method() + " " + e.status())
                .contains("POST 201", "POST 200", "DELETE 200", "GET 200");
    }

    private static int send(HttpClient client, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static List<JsonNode> history(String member, String token) {
        Http.Answer answer = Http.get(stack.query().baseUrl() + "/api/v1/members/" + member + "/history?limit=100", token);
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        answer.body().path("items").forEach(entries::add);
        return entries;
    }

    private static List<String> eventTypes(List<JsonNode> history) {
        return history.stream().map(e -> e.path("eventType").asText()).toList();
    }

    private static JsonNode write(Http.Answer answer, int expectedStatus) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(expectedStatus);
        return answer.body();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
