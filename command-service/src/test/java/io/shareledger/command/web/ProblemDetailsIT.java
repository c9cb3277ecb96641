package io.shareledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.Problems;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static io.shareledger.command.support.Problems.assertProblem;
import static io.shareledger.command.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error is application/problem+json with a stable type, a status and a title; none carries a
 * stack trace or echoes the personal values that were submitted; no input yields a 5xx.
 */
class ProblemDetailsIT extends IntegrationTest {

    // --- unreadable or invalid requests: 400 ---

    @Test
    void invalidJsonSyntaxIsMalformedRequest() {
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .json("{\"handle\":\"" + freshHandle() + "\",\"displayName\":\"" + marker + "\",\"email\":\""
                        + marker + "@example.org\",").send();

        assertProblem(response, 400, "malformed-request");
        assertThat(response.body()).doesNotContain(marker);
    }

    @Test
    void unknownJsonFieldIsNamed() {
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .json("{\"handle\":\"" + freshHandle() + "\",\"displayName\":\"Name\",\"email\":\"x@example.org\","
                        + "\"phone\":\"" + marker + "\"}").send();

        JsonNode problem = assertProblem(response, 400, "malformed-request");
        assertThat(errorFields(problem)).containsExactly("phone");
        assertThat(response.body()).doesNotContain(marker);
    }

    @Test
    void missingRequiredFieldsAreListed() {
        Api.Response response = api().post("/api/v1/members").token(newSubjectToken()).json("{}").send();

        JsonNode problem = assertProblem(response, 400, "validation");
        assertThat(errorFields(problem)).contains("handle", "displayName", "email");
        problem.path("errors").forEach(error -> assertThat(error.path("message").asText()).isNotBlank());
    }

    @Test
    void badEmailIsAValidationError() {
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .json(registration(freshHandle(), marker + " display", marker + "-at-example.org")).send();

        JsonNode problem = assertProblem(response, 400, "validation");
        assertThat(errorFields(problem)).containsExactly("email");
        assertThat(response.body()).doesNotContain(marker);
    }

    @Test
    void badHandlePatternIsAValidationError() {
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .json(registration("Bad Handle " + marker, marker, marker + "@example.org")).send();

        JsonNode problem = assertProblem(response, 400, "validation");
        assertThat(errorFields(problem)).containsExactly("handle");
        assertThat(response.body()).doesNotContain(marker);
    }

    @Test
    void tooLongDisplayNameIsAValidationError() {
        String marker = Problems.marker();
        String longName = marker + "x".repeat(101);

        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .json(registration(freshHandle(), longName, marker + "@example.org")).send();

        JsonNode problem = assertProblem(response, 400, "validation");
        assertThat(errorFields(problem)).containsExactly("displayName");
        assertThat(response.body()).doesNotContain(marker);
    }

    @Test
    void invalidProfileChangeIsAValidationErrorAndChangesNothing() {
        Api.Member member = api().register(issuer());
        String marker = Problems.marker();

        Api.Response response = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .json("{\"displayName\":\"" + marker + "x".repeat(101) + "\",\"email\":\"" + marker + "\"}").send();

        JsonNode problem = assertProblem(response, 400, "validation");
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("displayName", "email");
        assertThat(response.body()).doesNotContain(marker);
        assertOwnWriteOnVersion(member, 0);
    }

    @Test
    void wrongEnumValueIsRefused() {
        Api.Member member = api().register(issuer());

        Api.Response response = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .json("{\"purpose\":\"NOPE\"}").send();

        JsonNode problem = assertProblem(response, 400, "malformed-request");
        assertThat(errorFields(problem)).containsExactly("purpose");
        assertThat(response.body()).doesNotContain("NOPE");
    }

    @Test
    void wrongTypeOfFieldIsRefusedWithoutEchoingTheValue() {
        Api.Member owner = api().register(issuer());
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + marker + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\","
                        + "\"permission\":\"VIEW\"}").send();

        JsonNode problem = assertProblem(response, 400, "malformed-request");
        assertThat(errorFields(problem)).containsExactly("recipientId");
        assertThat(response.body()).doesNotContain(marker);
    }

    @Test
    void malformedUuidInPathIsRefused() {
        Api.Member member = api().register(issuer());
        String marker = Problems.marker();

        Api.Response profile = api().put("/api/v1/members/" + marker + "@example.org/profile").token(member.token())
                .json("{\"displayName\":\"Name\",\"email\":\"x@example.org\"}").send();
        Api.Response share = api().post("/api/v1/shares/" + marker + "/accept").token(member.token()).send();

        JsonNode problem = assertProblem(profile, 400, "validation");
        assertThat(errorFields(problem)).containsExactly("memberId");
        assertThat(profile.body()).doesNotContain(marker);
        assertThat(errorFields(assertProblem(share, 400, "validation"))).containsExactly("shareId");
        assertThat(share.body()).doesNotContain(marker);
    }

    @ParameterizedTest(name = "If-Match: {0}")
    @ValueSource(strings = {"abc", "3", "\"-1\"", "\"1.0\"", "\"1234567890123456789\"", "\"1\", \"2\""})
    void badIfMatchIsRefused(String ifMatch) {
        Api.Member member = api().register(issuer());

        Api.Response response = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", ifMatch)
                .json("{\"displayName\":\"Name\",\"email\":\"x@example.org\"}").send();

        assertProblem(response, 400, "malformed-request");
        assertOwnWriteOnVersion(member, 0);
    }

    // --- routing and content negotiation ---

    @Test
    void unknownRouteIs404() {
        String marker = Problems.marker();

        Api.Response get = api().get("/api/v1/" + marker).token(newSubjectToken()).send();
        Api.Response post = api().post("/api/v1/members/" + UUID.randomUUID() + "/" + marker).token(newSubjectToken())
                .json("{}").send();

        assertProblem(get, 404, "not-found");
        assertThat(get.body()).doesNotContain(marker);
        assertProblem(post, 404, "not-found");
        assertThat(post.body()).doesNotContain(marker);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%2e%2e/profile", "/%2E%2E/erasure", "/x;jsessionid=1/profile", "//profile"})
    void urlRefusedByTheFirewallIsAProblem(String suffix) {
        Api.Member member = api().register(issuer());

        Api.Response response = api().put("/api/v1/members" + suffix).token(member.token())
                .json("{\"displayName\":\"Name\",\"email\":\"x@example.org\"}").send();

        assertProblem(response, 400, "malformed-request");
        assertThat(response.body()).doesNotContain("jsessionid").doesNotContain("%2");
    }

    @Test
    void wrongMethodIs405() {
        Api.Member member = api().register(issuer());

        Api.Response list = api().get("/api/v1/members").token(member.token()).send();
        Api.Response patch = api().request("PATCH", "/api/v1/members/" + member.id() + "/profile")
                .token(member.token()).json("{\"displayName\":\"Name\",\"email\":\"x@example.org\"}").send();

        assertProblem(list, 405, "method-not-allowed");
        assertThat(list.header("Allow")).contains("POST");
        assertProblem(patch, 405, "method-not-allowed");
        assertThat(patch.header("Allow")).contains("PUT");
    }

    @Test
    void wrongContentTypeIs415() {
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .body("text/plain", registration(freshHandle(), marker, marker + "@example.org")).send();

        assertProblem(response, 415, "unsupported-media-type");
        assertThat(response.body()).doesNotContain(marker);
    }

    @Test
    void missingBodyIsMalformedRequest() {
        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .header("Content-Type", "application/json").send();

        assertProblem(response, 400, "malformed-request");
    }

    // --- rule violations and conflicts ---

    @Test
    void offeringWithoutConsentViolatesARule() {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);

        Api.Response response = api().offer(owner, recipient);

        assertProblem(response, 422, "rule-violated", "owner-consent-missing");
        assertThat(StoredEvents.typesOf(owner.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void withdrawingAnUnknownConsentViolatesARule() {
        Api.Member member = api().register(issuer());

        Api.Response response = api().delete("/api/v1/members/" + member.id() + "/consents/" + UUID.randomUUID())
                .token(member.token()).send();

        assertProblem(response, 422, "rule-violated", "consent-not-active");
        assertOwnWriteOnVersion(member, 0);
    }

    @Test
    void secondActiveConsentOfAPurposeIsAConflict() {
        Api.Member member = api().register(issuer());
        assertThat(api().grant(member, "SHARE_ITEMS").status()).isEqualTo(201);

        Api.Response response = api().grant(member, "SHARE_ITEMS");

        assertProblem(response, 409, "conflict", "consent-already-active");
        assertOwnWriteOnVersion(member, 1);
    }

    @Test
    void duplicateHandleIsAConflict() {
        Api.Member first = api().register(issuer());
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/members").token(newSubjectToken())
                .json(registration(first.handle(), marker, marker + "@example.org")).send();

        assertProblem(response, 409, "conflict", "handle-taken");
        assertThat(StoredEvents.typesOf(first.id())).containsExactly("MemberRegisteredEvent");
        assertThat(response.body()).doesNotContain(marker).doesNotContain(first.handle());
    }

    @Test
    void secondRegistrationOfASubjectIsAConflict() {
        Api.Member member = api().register(issuer());
        String marker = Problems.marker();

        Api.Response response = api().post("/api/v1/members").token(member.token())
                .json(registration(freshHandle(), marker, marker + "@example.org")).send();

        assertProblem(response, 409, "conflict", "already-registered");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
        assertThat(response.body()).doesNotContain(marker).doesNotContain(member.subject());
    }

    @Test
    void staleIfMatchIsAVersionConflict() {
        Api.Member member = api().register(issuer());
        assertThat(api().grant(member, "SHARE_ITEMS").status()).isEqualTo(201);
        String marker = Problems.marker();

        Api.Response response = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", "\"0\"")
                .json("{\"displayName\":\"" + marker + "\",\"email\":\"" + marker + "@example.org\"}").send();

        assertProblem(response, 409, "version-conflict");
        assertThat(response.body()).doesNotContain(marker);
        assertOwnWriteOnVersion(member, 1);
    }

    @Test
    void futureIfMatchIsAVersionConflict() {
        Api.Member member = api().register(issuer());

        Api.Response response = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", "\"7\"")
                .json("{\"displayName\":\"Name\",\"email\":\"x@example.org\"}").send();

        assertProblem(response, 409, "version-conflict");
        assertOwnWriteOnVersion(member, 0);
    }

    @Test
    void reusedIdempotencyKeyWithAnotherBodyIsRefused() {
        Api.Member member = api().register(issuer());
        String key = UUID.randomUUID().toString();
        Api.Response first = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .header("Idempotency-Key", key).json("{\"purpose\":\"SHARE_ITEMS\"}").send();
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        Api.Response second = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .header("Idempotency-Key", key).json("{\"purpose\":\"RECEIVE_SHARES\"}").send();

        assertProblem(second, 422, "idempotency-key-reused");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
    }

    // --- odd inputs: never a 5xx, always problem+json ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "[]",
            "null",
            "\"a string\"",
            "42",
            "{\"purpose\":null}",
            "{\"purpose\":[\"SHARE_ITEMS\"]}",
            "{\"purpose\":{\"name\":\"SHARE_ITEMS\"}}",
            "{\"purpose\":\"share_items\"}",
            "{\"purpose\":\"SHARE_ITEMS\",\"expiresAt\":\"yesterday\"}",
            "{\"purpose\":\"SHARE_ITEMS\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
            "{\"purpose\":\"SHARE_ITEMS\",\"expiresAt\":1e400}",
            "{\"purpose\":\"SHARE_ITEMS\",\"expiresAt\":-99999999999999999999}",
            "{\"purpose\":\"SHARE_ITEMS\",\"expiresAt\":true}",
            "{\"purpose\":\"SHARE_ITEMS\"",
            "\u0000",
            "{\"purpose\":\"\\ud800\"}"})
    void oddConsentBodiesAreClientErrors(String body) {
        Api.Member member = api().register(issuer());

        Api.Response response = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .json(body).send();

        assertThat(response.status()).as("%s -> %s", body, response.body()).isBetween(400, 499);
        JsonNode problem = assertProblem(response, response.status(), typeOf(response));
        assertThat(problem.path("type").asText()).isIn(
                Problems.TYPE_PREFIX + "malformed-request", Problems.TYPE_PREFIX + "validation",
                Problems.TYPE_PREFIX + "rule-violated");
    }

    /** An expiry beyond what the deadline scheduler can store once reached its insert and failed: 500. */
    @Test
    void farFutureExpiryIsAClientError() {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);

        Api.Response consent = api().post("/api/v1/members/" + owner.id() + "/consents").token(owner.token())
                .json("{\"purpose\":\"RECEIVE_SHARES\",\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}").send();
        Api.Response share = api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\","
                        + "\"permission\":\"VIEW\",\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}").send();

        assertThat(consent.status()).as(consent.body()).isBetween(400, 499);
        assertThat(consent.contentType()).startsWith("application/problem+json");
        assertThat(share.status()).as(share.body()).isBetween(400, 499);
        assertThat(share.contentType()).startsWith("application/problem+json");
    }

    @Test
    void deeplyNestedJsonIsAClientError() {
        Api.Member member = api().register(issuer());
        String body = "[".repeat(5000) + "]".repeat(5000);

        Api.Response response = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .json(body).send();

        assertProblem(response, 400, "malformed-request");
    }

    @Test
    void oddShareRequestsAreClientErrors() {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);
        String valid = "\"itemRef\":\"doc:1\",\"itemTitle\":\"A title\",\"permission\":\"VIEW\"";

        assertProblem(api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + owner.id() + "\"," + valid + "}").send(), 422, "rule-violated", "self-share");
        assertProblem(api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + UUID.randomUUID() + "\"," + valid + "}").send(),
                422, "rule-violated", "recipient-cannot-receive");
        assertProblem(api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + recipient.id() + "\"," + valid
                        + ",\"expiresAt\":\"2001-01-01T00:00:00Z\"}").send(), 400, "validation");
        assertProblem(api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\","
                        + "\"permission\":\"view\"}").send(), 400, "malformed-request");
        assertProblem(api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\","
                        + "\"permission\":\"VIEW\",\"note\":\"" + "n".repeat(1001) + "\"}").send(), 400, "validation");

        Api.Response offer = api().offer(owner, recipient);
        assertThat(offer.status()).as(offer.body()).isEqualTo(201);
        assertProblem(api().post("/api/v1/shares/" + offer.id() + "/revoke").token(owner.token())
                .json("{\"reason\":\"" + "r".repeat(501) + "\"}").send(), 400, "validation");
        assertProblem(api().post("/api/v1/shares/" + offer.id() + "/revoke").token(owner.token())
                .json("{\"why\":\"x\"}").send(), 400, "malformed-request");
        assertProblem(api().post("/api/v1/shares/" + UUID.randomUUID() + "/accept").token(recipient.token()).send(),
                404, "not-found");
        // a closed share cannot be answered any more
        Api.Response declined = api().post("/api/v1/shares/" + offer.id() + "/decline").token(recipient.token()).send();
        assertThat(declined.status()).as(declined.body()).isEqualTo(200);
        assertProblem(api().post("/api/v1/shares/" + offer.id() + "/accept").token(recipient.token()).send(),
                422, "rule-violated", "share-not-offered");
        assertProblem(api().post("/api/v1/shares/" + offer.id() + "/revoke").token(owner.token()).send(),
                422, "rule-violated", "share-closed");
    }

    // --- helpers ---

    private static String typeOf(Api.Response response) {
        return response.json().path("type").asText().replace(Problems.TYPE_PREFIX, "");
    }

    /** The member is still at {@code version}: a write conditional on that version succeeds. */
    private void assertOwnWriteOnVersion(Api.Member member, long version) {
        Api.Response own = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", "\"" + version + "\"")
                .json("{\"displayName\":\"Own Name\",\"email\":\"own@example.org\"}").send();
        assertThat(own.status()).as("owner's conditional write: %s", own.body()).isEqualTo(200);
        assertThat(own.version()).isEqualTo(version + 1);
    }

    private String newSubjectToken() {
        return issuer().memberToken("subject-" + UUID.randomUUID());
    }

    private static String freshHandle() {
        return "p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static String registration(String handle, String displayName, String email) {
        return "{\"handle\":\"" + handle + "\",\"displayName\":\"" + displayName + "\",\"email\":\"" + email + "\"}";
    }
}
