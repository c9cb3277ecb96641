package io.shareledger.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.testsupport.Interfaces;
import io.shareledger.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the servlet container refuses, and bodies sent to reads, answer problem+json with a stable
 * type, never a 5xx or an HTML page (issue 9).
 */
class HostileRequestsIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode assertRawProblem(RawHttp.Answer answer, int status, String type) throws Exception {
        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.head()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:shareledger:problem:" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    private String member() {
        return "Authorization: Bearer " + issuer().memberToken("hostile-" + System.nanoTime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/shares/a%2Fb", "/api/v1/shares/a%00b", "/api/v1/shares/{x}", "/admin/projections%2f",
            "/api/v1/members/%ZZ", "/api/v1/members/a%5Cb/history"})
    void badPathCharactersAreMalformedRequests(String path) throws Exception {
        assertRawProblem(RawHttp.send(port, "GET " + path + " HTTP/1.1", null, member()), 400, "malformed-request");
    }

    @Test
    void anOversizedQueryStringIsUriTooLong() throws Exception {
        assertRawProblem(RawHttp.send(port, "GET /api/v1/members/me?q=" + "a".repeat(20_000) + " HTTP/1.1", null, member()),
                414, "uri-too-long");
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
        RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/members/me HTTP/1.1", null,
                "Authorization: Bearer " + "a".repeat(100 * 1024));

        assertRawProblem(answer, 401, "unauthorized");
        assertThat(answer.body()).doesNotContain("aaaa");
    }

    @Test
    void headersBeyondTheContainersLimitAreAProblemToo() throws Exception {
        RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/members/me HTTP/1.1", null, "X-Padding: " + "p".repeat(200 * 1024));

        assertThat(answer.status()).isBetween(400, 499);
        assertRawProblem(answer, answer.status(), answer.status() == 431 ? "headers-too-large" : "malformed-request");
    }

    @Test
    void aHeaderValueTheFirewallRefusesIsAMalformedRequest() throws Exception {
        // UTF-8 Cyrillic, byte for byte: among its bytes are C1 controls, refused once the route reads the header
        String tag = new String("\"ключ\"".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        assertRawProblem(RawHttp.send(port, "GET /api/v1/members/me HTTP/1.1", null, member(), "If-None-Match: " + tag),
                400, "malformed-request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "identity", "gzip, chunked"})
    void aTransferCodingTheContainerDoesNotImplementIsAMalformedRequest(String coding) throws Exception {
        assertRawProblem(RawHttp.send(port, "POST /admin/projections/member-profiles/rebuild HTTP/1.1", "x",
                "Authorization: Bearer " + issuer().token("ops", "operator"), "Transfer-Encoding: " + coding),
                400, "malformed-request");
        assertThat(api().get("/admin/projections/member-profiles").token(issuer().token("ops", "operator")).send().json()
                .path("state").asText()).isEqualTo("LIVE");
    }

    @Test
    void connectIsAMalformedRequest() throws Exception {
        assertRawProblem(RawHttp.send(port, "CONNECT /api/v1/members/me HTTP/1.1", null), 400, "malformed-request");
        assertRawProblem(RawHttp.send(port, "CONNECT 127.0.0.1:" + port + " HTTP/1.1", null), 400, "malformed-request");
    }

    @Test
    void anErrorAnsweredWithoutABodyGetsTheProblemOfItsStatus() throws Exception {
        // the actuator answers an unknown health group or metric with a bare 404
        assertRawProblem(RawHttp.send(port, "GET /actuator/health/nope HTTP/1.1", null), 404, "not-found");
        // and Spring MVC writes no body at all when it cannot read the Accept header: the problem keeps its type
        assertRawProblem(RawHttp.send(port, "GET /api/v1/members/me?minVersion=abc HTTP/1.1", null, member(),
                "Accept: garbage"), 400, "validation");
        assertRawProblem(RawHttp.send(port, "GET /actuator/health HTTP/1.1", null, "Accept: garbage"), 406, "not-acceptable");
    }

    @Test
    void theErrorRouteAskedDirectlyIsNotFound() throws Exception {
        assertRawProblem(RawHttp.send(port, "GET /error HTTP/1.1", null), 404, "not-found");
    }

    @Test
    void aReadTakesNoBody() throws Exception {
        assertRawProblem(RawHttp.send(port, "GET /api/v1/members/me HTTP/1.1", "{\"x\":1}", member(),
                "Content-Type: application/json"), 413, "payload-too-large");
        assertRawProblem(RawHttp.send(port, "GET /api/v1/members/me HTTP/1.1", "x".repeat(1024 * 1024), member(),
                "Content-Type: */*"), 413, "payload-too-large");
        assertRawProblem(RawHttp.send(port, "POST /admin/dead-letters/member-profiles/retry HTTP/1.1", "x".repeat(64 * 1024),
                "Content-Type: text/plain"), 413, "payload-too-large");
    }
}
