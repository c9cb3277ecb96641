package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKeys;
import io.shareledger.testsupport.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README walkthrough on real parts: both services run from their jars as separate processes,
 * with their own databases on a real PostgreSQL, events travelling through a real Kafka broker,
 * tokens from a JWKS issuer. Each step is checked on the query API, eventually (never by sleeping).
 * Then the query service is restarted and must resume from its tokens: the events it missed while
 * down are applied, and none is applied twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkthroughE2EIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private static Map<String, String> commandEnv;
    private static Map<String, String> queryEnv;
    private static int commandPort;
    private static ServiceProcess command;
    private static ServiceProcess query;

    private static String aliceToken;
    private static String bobToken;
    private static String alice;
    private static String bob;
    private static String share;
    private static int aliceHistoryBeforeRestart;

    @BeforeAll
    static void startServices() throws Exception {
        TestDatabase writeDb = TestDatabase.get();
        TestDatabase readDb = writeDb.fresh();
        TestIssuer issuer = TestIssuer.get();
        Map<String, String> common = Map.of(
                "SHARELEDGER_KAFKA", TestKafka.bootstrapServers(),
                "SHARELEDGER_JWK_SET_URI", issuer.jwkSetUri(),
                "SHARELEDGER_ISSUER", TestIssuer.ISSUER,
                "SHARELEDGER_AUDIENCE", TestIssuer.AUDIENCE,
                "SHARELEDGER_DB_USER", writeDb.user(),
                "SHARELEDGER_DB_PASSWORD", writeDb.password());
        commandPort = ServiceProcess.freePort();
        commandEnv = with(with(with(with(common, "SHARELEDGER_DB_URL", writeDb.url()),
                "SHARELEDGER_CRYPTO_KEKS_E2E", TestKeys.kek()),
                "SHARELEDGER_CRYPTO_CURRENT_KEK", "e2e"),
                "SHARELEDGER_KEY_SERVICE_TOKEN", TestKeys.serviceToken());
        queryEnv = with(with(with(common, "SHARELEDGER_DB_URL", readDb.url()),
                "SHARELEDGER_COMMAND_URL", "http://127.0.0.1:" + commandPort),
                "SHARELEDGER_KEY_SERVICE_TOKEN", TestKeys.serviceToken());
        CompletableFuture<ServiceProcess> commandStart = CompletableFuture.supplyAsync(() -> start("command-service", commandEnv));
        CompletableFuture<ServiceProcess> queryStart = CompletableFuture.supplyAsync(() -> start("query-service", queryEnv));
        command = commandStart.join();
        query = queryStart.join();

        aliceToken = issuer.memberToken("alice-" + UUID.randomUUID());
        bobToken = issuer.memberToken("bob-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopServices() {
        Stream.of(query, command).filter(s -> s != null).forEach(ServiceProcess::close);
    }

    @Test
    @Order(1)
    void membersRegisterAndSeeThemselves() {
        alice = write(Http.post(command.baseUrl() + "/api/v1/members", aliceToken,
                "{\"handle\":\"alice_" + suffix() + "\",\"displayName\":\"Alice\",\"email\":\"alice@example.org\"}"), 201).path("id").asText();
        bob = write(Http.post(command.baseUrl() + "/api/v1/members", bobToken,
                "{\"handle\":\"bob_" + suffix() + "\",\"displayName\":\"Bob\",\"email\":\"bob@example.org\"}"), 201).path("id").asText();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Http.Answer me = Http.get(query.baseUrl() + "/api/v1/members/me", aliceToken);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().path("id").asText()).isEqualTo(alice);
            assertThat(me.body().path("displayName").asText()).isEqualTo("Alice");
            assertThat(me.body().path("status").asText()).isEqualTo("ACTIVE");
        });
    }

    @Test
    @Order(2)
    void bothGrantTheConsentsSharingNeeds() {
        JsonNode aliceConsent = write(Http.post(command.baseUrl() + "/api/v1/members/" + alice + "/consents", aliceToken,
                "{\"purpose\":\"SHARE_ITEMS\"}"), 201);
        JsonNode bobConsent = write(Http.post(command.baseUrl() + "/api/v1/members/" + bob + "/consents", bobToken,
                "{\"purpose\":\"RECEIVE_SHARES\"}"), 201);

        // read-your-writes: the query service waits until it has applied the version the write produced
        Http.Answer consents = Http.get(query.baseUrl() + "/api/v1/members/" + bob + "/consents?waitFor=" + bob + ":"
                + bobConsent.path("version").asLong(), bobToken);
        assertThat(consents.status()).isEqualTo(200);
        assertThat(consents.body().path("items")).singleElement().satisfies(c -> {
            assertThat(c.path("consentId").asText()).isEqualTo(bobConsent.path("id").asText());
            assertThat(c.path("purpose").asText()).isEqualTo("RECEIVE_SHARES");
            assertThat(c.path("status").asText()).isEqualTo("ACTIVE");
        });
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(
                Http.get(query.baseUrl() + "/api/v1/members/" + alice + "/consents", aliceToken).body().path("items"))
                .singleElement().satisfies(c -> assertThat(c.path("consentId").asText()).isEqualTo(aliceConsent.path("id").asText())));
    }

    @Test
    @Order(3)
    void aliceOffersAndBobAccepts() {
        share = write(Http.post(command.baseUrl() + "/api/v1/shares", aliceToken,
                "{\"recipientId\":\"" + bob + "\",\"itemRef\":\"photo:42\",\"itemTitle\":\"Holiday photo\","
                        + "\"note\":\"For you\",\"permission\":\"VIEW\"}"), 201).path("id").asText();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Http.Answer incoming = Http.get(query.baseUrl() + "/api/v1/members/" + bob + "/shares?direction=incoming", bobToken);
            assertThat(incoming.body().path("items")).singleElement().satisfies(s -> {
                assertThat(s.path("shareId").asText()).isEqualTo(share);
                assertThat(s.path("itemTitle").asText()).isEqualTo("Holiday photo");
                assertThat(s.path("status").asText()).isEqualTo("OFFERED");
            });
        });

        JsonNode accepted = write(Http.post(command.baseUrl() + "/api/v1/shares/" + share + "/accept", bobToken, null), 200);
        Http.Answer view = Http.get(query.baseUrl() + "/api/v1/shares/" + share + "?minVersion="
                + accepted.path("version").asLong(), aliceToken);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(view.body().path("ownerId").asText()).isEqualTo(alice);
    }

    @Test
    @Order(4)
    void withdrawingTheConsentRevokesTheShare() {
        String bobConsent = Http.get(query.baseUrl() + "/api/v1/members/" + bob + "/consents", bobToken)
                .body().path("items").get(0).path("consentId").asText();

        write(Http.delete(command.baseUrl() + "/api/v1/members/" + bob + "/consents/" + bobConsent, bobToken), 200);

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonNode view = Http.get(query.baseUrl() + "/api/v1/shares/" + share, aliceToken).body();
            assertThat(view.path("status").asText()).isEqualTo("REVOKED");
            assertThat(view.path("revocationReason").asText()).isEqualTo("CONSENT_WITHDRAWN");
            assertThat(Http.get(query.baseUrl() + "/api/v1/members/" + bob + "/consents", bobToken).body().path("items").get(0)
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
    void aRestartedQueryServiceResumesWithoutMissingOrRepeatingEvents() {
        query.close();
        write(Http.post(command.baseUrl() + "/api/v1/members/" + alice + "/consents", aliceToken,
                "{\"purpose\":\"RECEIVE_SHARES\"}"), 201);

        query = start("query-service", queryEnv);

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            List<String> types = eventTypes(history(alice, aliceToken));
            assertThat(types).hasSize(aliceHistoryBeforeRestart + 1);
            assertThat(types).endsWith("ConsentGranted");
        });
        assertThat(Http.get(query.baseUrl() + "/api/v1/members/" + alice + "/consents", aliceToken).body().path("items"))
                .hasSize(2);
    }

    private static List<JsonNode> history(String member, String token) {
        Http.Answer answer = Http.get(query.baseUrl() + "/api/v1/members/" + member + "/history?limit=100", token);
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

    private static ServiceProcess start(String module, Map<String, String> env) {
        try {
            return module.equals("command-service")
                    ? ServiceProcess.start(module, ServiceProcess.jar(module), "SHARELEDGER_COMMAND_PORT", commandPort, env)
                    : ServiceProcess.start(module, ServiceProcess.jar(module), "SHARELEDGER_QUERY_PORT", env);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> env = new java.util.HashMap<>(base);
        env.put(key, value);
        return env;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
