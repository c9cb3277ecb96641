package io.shareledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.Interfaces;
import io.shareledger.testsupport.RawHttp;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.shareledger.command.support.Problems.assertProblem;
import static io.shareledger.command.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the servlet container, the content negotiation and the JSON reader refuse answers
 * problem+json with a stable type, never a 5xx or an HTML page, and stores nothing (issue 9).
 */
class HostileRequestsIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp.Answer raw(String requestLine, String body, String... headers) {
        return RawHttp.send(port, requestLine, body, headers);
    }

    private static JsonNode assertRawProblem(RawHttp.Answer answer, int status, String type) throws Exception {
        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.head()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:shareledger:problem:" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/shares/a%2Fb/accept", "/api/v1/shares/a%00b/accept", "/api/v1/shares/{x}/accept",
            "/admin/projections%2f", "/api/v1/members/%ZZ/profile", "/api/v1/members/a%5Cb/profile"})
    void badPathCharactersAreMalformedRequests(String path) throws Exception {
        Api.Member member = api().register(issuer());

        RawHttp.Answer answer = raw("POST " + path + " HTTP/1.1", "",
                "Authorization: Bearer " + member.token());

        assertRawProblem(answer, 400, "malformed-request");
    }

    @Test
    void anOversizedQueryStringIsUriTooLong() throws Exception {
        Api.Member member = api().register(issuer());

        RawHttp.Answer answer = raw("PUT /api/v1/members/" + member.id() + "/profile?q=" + "a".repeat(20_000) + " HTTP/1.1",
                "{\"displayName\":\"B\",\"email\":\"b@example.org\"}",
                "Authorization: Bearer " + member.token(), "Content-Type: application/json");

        assertRawProblem(answer, 414, "uri-too-long");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void listensOnLoopbackOnly() {
        InetAddress outside = Interfaces.nonLoopbackAddress().orElse(null);
        assumeTrue(outside != null, "this machine has no non-loopback address");

        assertThat(Interfaces.accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
        assertThat(Interfaces.accepts(outside, port)).as("listening on " + outside).isFalse();
    }

    @Test
    void anOversizedBearerTokenIsUnauthorized() throws Exception {
        RawHttp.Answer answer = raw("POST /api/v1/members HTTP/1.1", "{}",
                "Authorization: Bearer " + "a".repeat(100 * 1024), "Content-Type: application/json");

        assertRawProblem(answer, 401, "unauthorized");
        assertThat(answer.body()).doesNotContain("aaaa");
    }

    @Test
    void headersBeyondTheContainersLimitAreAProblemToo() throws Exception {
        RawHttp.Answer answer = raw("GET /api/v1/members HTTP/1.1", null, "X-Padding: " + "p".repeat(200 * 1024));

        assertThat(answer.status()).isBetween(400, 499);
        assertRawProblem(answer, answer.status(), answer.status() == 431 ? "headers-too-large" : "malformed-request");
    }

    @Test
    void aHeaderValueTheFirewallRefusesIsAMalformedRequest() throws Exception {
        Api.Member member = api().register(issuer());
        // UTF-8 Cyrillic, byte for byte: among its bytes are C1 controls, refused once the route reads the header
        String key = new String("ключ".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        RawHttp.Answer answer = raw("POST /api/v1/members/" + member.id() + "/erasure HTTP/1.1", null,
                "Authorization: Bearer " + member.token(), "Idempotency-Key: " + key);

        assertRawProblem(answer, 400, "malformed-request");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "identity", "gzip, chunked"})
    void aTransferCodingTheContainerDoesNotImplementIsAMalformedRequest(String coding) throws Exception {
        Api.Member member = api().register(issuer());

        RawHttp.Answer answer = raw("PUT /api/v1/members/" + member.id() + "/profile HTTP/1.1",
                "{\"displayName\":\"B\",\"email\":\"b@example.org\"}", "Authorization: Bearer " + member.token(),
                "Content-Type: application/json", "Transfer-Encoding: " + coding);

        assertRawProblem(answer, 400, "malformed-request");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void connectIsAMalformedRequest() throws Exception {
        assertRawProblem(raw("CONNECT /api/v1/members HTTP/1.1", null), 400, "malformed-request");
        assertRawProblem(raw("CONNECT 127.0.0.1:" + port + " HTTP/1.1", null), 400, "malformed-request");
    }

    @Test
    void anErrorAnsweredWithoutABodyGetsTheProblemOfItsStatus() throws Exception {
        Api.Member member = api().register(issuer());

        // the actuator answers an unknown health group or metric with a bare 404
        assertRawProblem(raw("GET /actuator/health/nope HTTP/1.1", null), 404, "not-found");
        // so does the internal parties route for a member that takes no part
        assertRawProblem(raw("GET /internal/v1/members/" + member.id() + "/aggregates/" + UUID.randomUUID() + " HTTP/1.1",
                null, "Authorization: Bearer " + TestKeys.serviceToken()), 404, "not-found");
        // and Spring MVC writes no body at all when it cannot read the Accept header: the problem keeps its type
        assertRawProblem(raw("POST /api/v1/members/" + member.id() + "/erasure HTTP/1.1", null,
                "Authorization: Bearer " + member.token(), "If-Match: \"999999\"", "Accept: garbage"), 409, "version-conflict");
        assertRawProblem(raw("GET /actuator/health HTTP/1.1", null, "Accept: garbage"), 406, "not-acceptable");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void theErrorRouteAskedDirectlyIsNotFound() throws Exception {
        assertRawProblem(raw("GET /error HTTP/1.1", null), 404, "not-found");
        assertRawProblem(raw("POST /error HTTP/1.1", "{}", "Content-Type: application/json"), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/json-seq", "not a type", ";;;"})
    void aBodyThatIsNotJsonIsUnsupported(String contentType) throws Exception {
        Api.Member member = api().register(issuer());

        RawHttp.Answer answer = raw("PUT /api/v1/members/" + member.id() + "/profile HTTP/1.1",
                "{\"displayName\":\"B\",\"email\":\"b@example.org\"}",
                "Authorization: Bearer " + member.token(), "Content-Type: " + contentType);

        assertRawProblem(answer, 415, "unsupported-media-type");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void aDuplicateKeyIsMalformed() {
        Api.Member member = api().register(issuer());

        Api.Response response = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .json("{\"displayName\":\"B\",\"email\":\"b@example.org\",\"email\":\"b@example.org\"}").send();

        assertProblem(response, 400, "malformed-request");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e309", "1", "-0.5", "true", "false", "[\"x\"]", "{\"a\":1}"})
    void noScalarBecomesAString(String value) {
        String token = issuer().memberToken("subject-" + UUID.randomUUID());

        Api.Response response = api().post("/api/v1/members").token(token)
                .json("{\"handle\":" + value + ",\"displayName\":\"N\",\"email\":\"n@example.org\"}").send();

        JsonNode problem = assertProblem(response, 400, "malformed-request");
        assertThat(errorFields(problem)).containsExactly("handle");
    }

    @Test
    void enumOrdinalsAreRefused() {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        api().grant(owner, "SHARE_ITEMS");
        api().grant(recipient, "RECEIVE_SHARES");

        java.util.Map<String, String> answers = new java.util.LinkedHashMap<>();
        for (String purpose : new String[]{"0", "1", "\"0\"", "\"1\""}) {
            Api.Response response = api().post("/api/v1/members/" + owner.id() + "/consents").token(owner.token())
                    .json("{\"purpose\":" + purpose + "}").send();
            answers.put(purpose, response.status() + " " + errorFields(response.json()));
        }
        assertThat(answers).allSatisfy((purpose, answer) -> assertThat(answer).as(purpose).isEqualTo("400 [purpose]"));
        Api.Response offer = api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\",\"permission\":0}")
                .send();
        assertThat(errorFields(assertProblem(offer, 400, "malformed-request"))).containsExactly("permission");
        Api.Response expiry = api().post("/api/v1/members/" + owner.id() + "/consents").token(owner.token())
                .json("{\"purpose\":\"RECEIVE_SHARES\",\"expiresAt\":4102444800}").send();
        assertThat(errorFields(assertProblem(expiry, 400, "malformed-request"))).containsExactly("expiresAt");
        assertThat(StoredEvents.typesOf(owner.id())).containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
    }

    @Test
    void anUnknownFieldIsNamedOnlyByAShortPrefix() {
        String secret = "alice.secret@example.org" + "x".repeat(10_000);
        String token = issuer().memberToken("subject-" + UUID.randomUUID());

        Api.Response response = api().post("/api/v1/members").token(token)
                .json("{\"handle\":\"h_" + UUID.randomUUID().toString().substring(0, 8) + "\",\"displayName\":\"N\","
                        + "\"email\":\"n@example.org\",\"" + secret + "\":1}").send();

        JsonNode problem = assertProblem(response, 400, "malformed-request");
        assertThat(errorFields(problem)).containsExactly("alice.secret…");
        assertThat(response.body()).doesNotContain("alice.secret@").doesNotContain("xxxx");
    }
}
