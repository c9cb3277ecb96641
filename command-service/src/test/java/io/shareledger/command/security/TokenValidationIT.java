package io.shareledger.command.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static io.shareledger.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write API accepts only tokens of the configured issuer, for the configured audience, signed
 * with its published key by an allowed algorithm, naming a subject and an expiry not yet passed. A refused token appends nothing.
 */
class TokenValidationIT extends IntegrationTest {

    static Stream<Arguments> badTokens() {
        return Stream.of(
                bad("wrong audience", (issuer, subject) -> issuer.tokenForAudience(subject, "another-service")),
                bad("wrong issuer", (issuer, subject) -> issuer.tokenFromIssuer(subject, "http://evil-issuer")),
                bad("expired", TestIssuer::expiredToken),
                bad("without expiry", TestIssuer::tokenWithoutExpiry),
                bad("without subject", (issuer, subject) -> issuer.tokenWithoutSubject()),
                bad("wrong signature", TestIssuer::tokenWithWrongSignature),
                bad("alg=none", TestIssuer::unsignedToken),
                bad("HS256 confusion", TestIssuer::hmacToken),
                bad("tampered signature", TestIssuer::tamperedToken),
                bad("not a JWT", (issuer, subject) -> "not-a-jwt"));
    }

    private static Arguments bad(String name, BiFunction<TestIssuer, String, String> mint) {
        return Arguments.of(name, mint);
    }

    @Test
    void requestWithoutTokenIs401WithBearerChallenge() {
        String subject = "subject-" + UUID.randomUUID();
        String handle = freshHandle();

        Api.Response response = api().post("/api/v1/members").json(registration(handle)).send();

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).isNotNull().startsWith("Bearer");
        // nothing was registered: the handle is still free
        Api.Response good = api().post("/api/v1/members").token(issuer().memberToken(subject))
                .json(registration(handle)).send();
        assertThat(good.status()).as(good.body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenIs401AndRegistersNothing(String name, BiFunction<TestIssuer, String, String> mint) {
        String subject = "subject-" + UUID.randomUUID();
        String handle = freshHandle();

        Api.Response refused = api().post("/api/v1/members").token(mint.apply(issuer(), subject))
                .json(registration(handle)).send();

        JsonNode problem = assertProblem(refused, 401, "unauthorized");
        assertThat(refused.header("WWW-Authenticate")).isNotNull().startsWith("Bearer")
                .contains("invalid_token");
        assertThat(problem.path("code").isMissingNode()).isTrue();
        // the same subject and handle are still free: a good token registers them
        Api.Response good = api().post("/api/v1/members").token(issuer().memberToken(subject))
                .json(registration(handle)).send();
        assertThat(good.status()).as(good.body()).isEqualTo(201);
        assertThat(good.id()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenOfARegisteredSubjectAppendsNothingToItsMember(String name,
                                                              BiFunction<TestIssuer, String, String> mint) {
        Api.Member member = api().register(issuer());

        Api.Response refused = api().post("/api/v1/members/" + member.id() + "/consents")
                .token(mint.apply(issuer(), member.subject()))
                .json("{\"purpose\":\"SHARE_ITEMS\"}").send();

        assertProblem(refused, 401, "unauthorized");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
        // no consent was granted and the member's version is still 0 (its registration)
        Api.Response grant = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .header("If-Match", "\"0\"")
                .json("{\"purpose\":\"SHARE_ITEMS\"}").send();
        assertThat(grant.status()).as(grant.body()).isEqualTo(201);
        assertThat(grant.version()).isEqualTo(1);
    }

    @Test
    void goodTokenIsAccepted() {
        String subject = "subject-" + UUID.randomUUID();

        Api.Response response = api().post("/api/v1/members").token(issuer().memberToken(subject))
                .json(registration(freshHandle())).send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.header("Location")).isEqualTo("/api/v1/members/" + response.id());
        assertThat(response.version()).isZero();
    }

    @Test
    void nonBearerAuthorizationIs401() {
        Api.Response response = api().post("/api/v1/members")
                .header("Authorization", "Basic dXNlcjpwYXNzd29yZA==")
                .json(registration(freshHandle())).send();

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).isNotNull().startsWith("Bearer");
    }

    @Test
    void healthAnswersWithoutToken() {
        Api.Response response = api().get("/actuator/health").send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsNeedsAToken() {
        Api.Response response = api().get("/actuator/metrics").send();

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).isNotNull().startsWith("Bearer");
    }

    @Test
    void metricsAreForbiddenToAPlainMember() {
        Api.Response response = api().get("/actuator/metrics")
                .token(issuer().memberToken("subject-" + UUID.randomUUID())).send();

        assertProblem(response, 403, "forbidden");
    }

    @Test
    void metricsAreOpenToAnOperator() {
        Api.Response response = api().get("/actuator/metrics")
                .token(issuer().token("subject-" + UUID.randomUUID(), "operator")).send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("names").isArray()).isTrue();
    }

    @Test
    void apiDocsAreReachableWithoutToken() {
        Api.Response response = api().get("/v3/api-docs").send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("openapi").asText()).startsWith("3.");
    }

    private static String freshHandle() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static String registration(String handle) {
        return "{\"handle\":\"" + handle + "\",\"displayName\":\"Token Test\",\"email\":\"" + handle + "@example.org\"}";
    }
}
