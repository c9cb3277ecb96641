package io.shareledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.HttpApi;
import io.shareledger.testsupport.OpenApiDocuments;
import io.shareledger.testsupport.RawHttp;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed documents tell the truth about what the routes answer: every operation of the
 * public, operator and internal groups is sent the requests a client gets wrong (no token, the
 * wrong role, a query string, headers or a body over the limit, a body that is not JSON or has no
 * length, a malformed path id, another method) and the command-specific ones (an invalid body, a
 * stale or malformed If-Match, an Idempotency-Key replayed and reused for another request, another
 * member's or an unknown resource, a rule that refuses the write) and, where that is safe, the
 * right request. Each answer's status must be documented for the operation, a problem's type must
 * be one the document names for that status, every header the document marks as required must be
 * there, and no header that matters to a client may come undocumented. Each stimulus is checked
 * to hit the status it aims at, so that the test cannot pass by answering everything alike, and a
 * refused write must store no event. 503 is not provoked here (DatabaseUnavailableTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedAnswersIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] GROUPS = {"public", "operator", "internal"};
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String STALE = "\"999\"";
    private static final String UNKNOWN = UUID.randomUUID().toString();

    /** Headers a client acts on: when an answer carries one, the document must name it for that status. */
    private static final List<String> HEADERS_THAT_MATTER = List.of("Location", "ETag", "Retry-After",
            "WWW-Authenticate", "Projection-Stale", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

    /** Events no request stores: deadlines of other tests' consents and shares may fire meanwhile. */
    private static final List<String> TIMER_EVENTS = List.of("ConsentExpiredEvent ", "ShareExpiredEvent ");

    private String operator;
    private String officer;
    private String service;
    private Api.Member bystander;
    private Api.Member forgotten;

    /** What answered, over either client. */
    private record Answer(int status, String contentType, String body, Function<String, String> headers) {

        static Answer of(HttpApi.Response response) {
            return new Answer(response.status(), response.contentType(), response.body(), response::header);
        }

        static Answer of(RawHttp.Answer answer) {
            return new Answer(answer.status(), answer.contentType(), answer.body(), answer::header);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }
    }

    /** One request, the status it aims at, and what answered; {@code stored}: events stored meanwhile. */
    private record Exchange(String stimulus, int aimedAt, Answer answer, List<String> stored) {
    }

    /** The operation under test: its name, the path with its ids filled in, its caller and where it records. */
    private final class Target {
        final String name;
        final String method;
        final String path;
        final String owner;
        final List<Exchange> exchanges = new ArrayList<>();
        final List<String> findings;

        Target(String name, String path, String owner, List<String> findings) {
            this.name = name;
            this.method = name.substring(0, name.indexOf(' '));
            this.path = path;
            this.owner = owner;
            this.findings = findings;
        }

        Answer send(String stimulus, int aimedAt, UnaryOperator<HttpApi.Request> request) {
            return send(stimulus, aimedAt, method, path, request);
        }

        Answer send(String stimulus, int aimedAt, String method, String path, UnaryOperator<HttpApi.Request> request) {
            long before = StoredEvents.lastGlobalIndex();
            Answer answer = Answer.of(request.apply(api().request(method, path)).send());
            record(stimulus, aimedAt, answer, before);
            return answer;
        }

        Answer raw(String stimulus, int aimedAt, String head, String body) {
            long before = StoredEvents.lastGlobalIndex();
            try {
                byte[] request = (head + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
                Answer answer = Answer.of(RawHttp.exchange(port, request, Duration.ofSeconds(30)));
                record(stimulus, aimedAt, answer, before);
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void record(String stimulus, int aimedAt, Answer answer, long before) {
            List<String> stored = StoredEvents.since(before).stream()
                    .filter(event -> TIMER_EVENTS.stream().noneMatch(event::startsWith)).toList();
            exchanges.add(new Exchange(stimulus, aimedAt, answer, stored));
        }

        /** A request line and headers for {@link RawHttp#exchange}, with the caller's token. */
        String head(String extra) {
            return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + owner + (extra.isEmpty() ? "" : "\r\n" + extra);
        }

        void same(String what, Answer first, Answer repeat) {
            if (first.status() != repeat.status() || !first.json().path("id").equals(repeat.json().path("id"))
                    || !first.json().path("version").equals(repeat.json().path("version"))
                    || !String.valueOf(first.headers().apply("Location")).equals(String.valueOf(repeat.headers().apply("Location")))) {
                findings.add(name + " (" + what + "): the replay answered " + repeat.status() + " " + repeat.body()
                        + ", the first request " + first.status() + " " + first.body());
            }
        }
    }

    @BeforeAll
    void callers() {
        operator = issuer().token("ops-" + UUID.randomUUID(), "operator");
        officer = issuer().token("po-" + UUID.randomUUID(), "privacy-officer");
        service = TestKeys.serviceToken();
        bystander = api().register(issuer());
        forgotten = api().register(issuer());
        assertThat(api().post("/api/v1/members/" + forgotten.id() + "/erasure").token(forgotten.token()).send().status())
                .isEqualTo(200);
    }

    @Test
    void everyAnswerIsDocumentedWithItsProblemTypeAndHeaders() throws IOException {
        List<String> findings = new ArrayList<>();
        Map<String, Set<Integer>> aimedAt = new TreeMap<>();
        int exchanges = 0;
        for (String group : GROUPS) {
            JsonNode document = JSON.readTree(Files.readString(OpenApiDocuments.COMMITTED.resolve("command-service-" + group + ".json")));
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                    Map.Entry<String, JsonNode> operation = operations.next();
                    Target target = stimuli(operation.getKey().toUpperCase() + " " + path.getKey(), findings);
                    for (Exchange exchange : target.exchanges) {
                        exchanges++;
                        aimedAt.computeIfAbsent(target.name, name -> new TreeSet<>()).add(exchange.aimedAt());
                        check(target.name, exchange, operation.getValue(), findings);
                    }
                }
            }
        }

        System.out.printf("DocumentedAnswersIT: %d operations, %d requests; statuses aimed at: %s%n",
                aimedAt.size(), exchanges, aimedAt);
        assertThat(aimedAt).as("operations stimulated").hasSize(15);
        assertThat(exchanges).as("requests sent").isGreaterThan(200);
        assertThat(findings).as("answers the documents do not describe").isEmpty();
    }

    /** The requests sent to one operation; every documented operation must have its own. */
    private Target stimuli(String name, List<String> findings) {
        switch (name) {
            case "POST /api/v1/members" -> {
                String subject = "subject-" + UUID.randomUUID();
                Target t = new Target(name, "/api/v1/members", issuer().memberToken(subject), findings);
                common(t, operator, 403, true);
                t.send("an invalid body", 400, r -> r.token(t.owner).json("{\"handle\":\"X\",\"displayName\":\"\",\"email\":\"no\"}"));
                t.send("a body that is not JSON for the operation", 400, r -> r.token(t.owner).json("{\"handle\":"));
                t.send("an Idempotency-Key over 200 characters", 400,
                        r -> r.token(t.owner).header("Idempotency-Key", "k".repeat(201)).json(registration(handle())));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html").json(registration(handle())));
                String handle = handle();
                String key = UUID.randomUUID().toString();
                Answer created = t.send("the right request, with an Idempotency-Key", 201,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(registration(handle)));
                t.same("replayed", created, t.send("the same request and key again", 201,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(registration(handle))));
                t.send("the same key with another body", 422,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(registration(handle())));
                t.send("the same subject again", 409, r -> r.token(t.owner).json(registration(handle())));
                t.send("a handle that is taken", 409,
                        r -> r.token(issuer().memberToken("subject-" + UUID.randomUUID())).json(registration(handle)));
                return t;
            }
            case "POST /api/v1/members/{memberId}/consents" -> {
                Api.Member member = api().register(issuer());
                Target t = new Target(name, "/api/v1/members/" + member.id() + "/consents", member.token(), findings);
                String body = "{\"purpose\":\"SHARE_ITEMS\"}";
                common(t, operator, 403, true);
                ownMember(t, body);
                t.send("an invalid body", 400, r -> r.token(t.owner).json("{}"));
                t.send("an unknown purpose", 400, r -> r.token(t.owner).json("{\"purpose\":\"SELLING\"}"));
                t.send("a malformed If-Match", 400, r -> r.token(t.owner).header("If-Match", "3").json(body));
                t.send("If-Match with a version the member is not at", 409, r -> r.token(t.owner).header("If-Match", STALE).json(body));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html").json(body));
                t.send("an Accept header that cannot be parsed, which is disregarded", 201,
                        r -> r.token(t.owner).header("Accept", "garbage").json("{\"purpose\":\"RECEIVE_SHARES\"}"));
                String key = UUID.randomUUID().toString();
                Answer created = t.send("the right request, with an Idempotency-Key", 201,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(body));
                t.same("replayed", created, t.send("the same request and key again", 201,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(body)));
                t.send("the same key with another body", 422,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json("{\"purpose\":\"RECEIVE_SHARES\"}"));
                t.send("a consent already active", 409, r -> r.token(t.owner).json(body));
                return t;
            }
            case "DELETE /api/v1/members/{memberId}/consents/{consentId}" -> {
                Api.Member member = api().register(issuer());
                String consent = api().grant(member, "SHARE_ITEMS").id();
                Target t = new Target(name, "/api/v1/members/" + member.id() + "/consents/" + consent, member.token(), findings);
                common(t, operator, 403, false);
                t.send("another member's consent", 403, "DELETE",
                        "/api/v1/members/" + bystander.id() + "/consents/" + consent, r -> r.token(t.owner));
                t.send("a malformed consent id", 400, "DELETE",
                        "/api/v1/members/" + member.id() + "/consents/not-a-uuid", r -> r.token(t.owner));
                t.send("an unknown consent", 422, "DELETE",
                        "/api/v1/members/" + member.id() + "/consents/" + UNKNOWN, r -> r.token(t.owner));
                t.send("a malformed If-Match", 400, r -> r.token(t.owner).header("If-Match", "x"));
                t.send("If-Match with a version the member is not at", 409, r -> r.token(t.owner).header("If-Match", STALE));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html"));
                t.send("the right request", 200, r -> r.token(t.owner));
                t.send("the same request again", 422, r -> r.token(t.owner));
                return t;
            }
            case "POST /api/v1/members/{memberId}/data-access" -> {
                Api.Member member = api().register(issuer());
                Target t = new Target(name, "/api/v1/members/" + member.id() + "/data-access", officer, findings);
                String body = "{\"scope\":\"HISTORY\",\"reason\":\"a complaint, case 7\"}";
                common(t, member.token(), 403, true);
                t.send("an invalid body", 400, r -> r.token(t.owner).json("{\"scope\":\"HISTORY\"}"));
                t.send("an unknown member", 404, "POST", "/api/v1/members/" + UNKNOWN + "/data-access",
                        r -> r.token(t.owner).json(body));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html").json(body));
                t.send("the right request", 201, r -> r.token(t.owner).json(body));
                return t;
            }
            case "POST /api/v1/members/{memberId}/erasure" -> {
                Api.Member member = api().register(issuer());
                Target t = new Target(name, "/api/v1/members/" + member.id() + "/erasure", member.token(), findings);
                common(t, operator, 403, false);
                t.send("another member's erasure", 403, "POST", "/api/v1/members/" + bystander.id() + "/erasure",
                        r -> r.token(t.owner));
                t.send("an unknown member, by a privacy officer", 404, "POST", "/api/v1/members/" + UNKNOWN + "/erasure",
                        r -> r.token(officer));
                t.send("a malformed If-Match", 400, r -> r.token(t.owner).header("If-Match", "\"three\""));
                t.send("an Idempotency-Key over 200 characters", 400, r -> r.token(t.owner).header("Idempotency-Key", "k".repeat(201)));
                t.send("If-Match with a version the member is not at", 409, r -> r.token(t.owner).header("If-Match", STALE));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html"));
                String key = UUID.randomUUID().toString();
                Answer erased = t.send("the right request, with an Idempotency-Key", 200,
                        r -> r.token(t.owner).header("Idempotency-Key", key));
                t.same("replayed", erased, t.send("the same request and key again", 200,
                        r -> r.token(t.owner).header("Idempotency-Key", key)));
                t.send("the same key for another member", 422, "POST", "/api/v1/members/" + bystander.id() + "/erasure",
                        r -> r.token(t.owner).header("Idempotency-Key", key));
                t.send("a forgotten member, by a privacy officer", 422, r -> r.token(officer));
                return t;
            }
            case "GET /api/v1/members/{memberId}/export" -> {
                Api.Member member = api().register(issuer());
                Target t = new Target(name, "/api/v1/members/" + member.id() + "/export", member.token(), findings);
                common(t, operator, 403, false);
                t.send("another member's export", 403, "GET", "/api/v1/members/" + bystander.id() + "/export",
                        r -> r.token(t.owner));
                t.send("a privacy officer without a reason", 400, r -> r.token(officer));
                t.send("an unknown member, by a privacy officer", 404, "GET",
                        "/api/v1/members/" + UNKNOWN + "/export?reason=complaint", r -> r.token(officer));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html"));
                t.send("the right request", 200, r -> r.token(t.owner));
                return t;
            }
            case "PUT /api/v1/members/{memberId}/profile" -> {
                Api.Member member = api().register(issuer());
                Target t = new Target(name, "/api/v1/members/" + member.id() + "/profile", member.token(), findings);
                String body = "{\"displayName\":\"Another Name\",\"email\":\"" + member.handle() + "@example.net\"}";
                common(t, operator, 403, true);
                ownMember(t, body);
                t.send("an invalid body", 400, r -> r.token(t.owner).json("{\"displayName\":\"\",\"email\":\"x\"}"));
                t.send("an unknown field", 400, r -> r.token(t.owner).json("{\"displayName\":\"A\",\"email\":\"a@b.org\",\"role\":1}"));
                t.send("a malformed If-Match", 400, r -> r.token(t.owner).header("If-Match", "W/3").json(body));
                t.send("If-Match with a version the member is not at", 409, r -> r.token(t.owner).header("If-Match", STALE).json(body));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html").json(body));
                t.send("the right request, with the current version", 200, r -> r.token(t.owner).header("If-Match", "\"0\"").json(body));
                return t;
            }
            case "POST /api/v1/shares" -> {
                Api.Member owner = api().register(issuer());
                Api.Member recipient = api().register(issuer());
                api().grant(owner, "SHARE_ITEMS");
                api().grant(recipient, "RECEIVE_SHARES");
                Target t = new Target(name, "/api/v1/shares", owner.token(), findings);
                String body = offer(recipient.id(), "doc:1");
                common(t, operator, 403, true);
                t.send("an invalid body", 400, r -> r.token(t.owner).json("{\"recipientId\":\"" + recipient.id() + "\"}"));
                t.send("a malformed recipient id", 400, r -> r.token(t.owner).json(offer("not-a-uuid", "doc:1")));
                t.send("a member not registered", 403,
                        r -> r.token(issuer().memberToken("subject-" + UUID.randomUUID())).json(body));
                t.send("a share to oneself", 422, r -> r.token(t.owner).json(offer(owner.id(), "doc:1")));
                t.send("a recipient who cannot receive shares", 422, r -> r.token(t.owner).json(offer(bystander.id(), "doc:1")));
                t.send("an Idempotency-Key over 200 characters", 400,
                        r -> r.token(t.owner).header("Idempotency-Key", "k".repeat(201)).json(body));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html").json(body));
                String key = UUID.randomUUID().toString();
                Answer created = t.send("the right request, with an Idempotency-Key", 201,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(body));
                t.same("replayed", created, t.send("the same request and key again", 201,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(body)));
                t.send("the same key with another body", 422,
                        r -> r.token(t.owner).header("Idempotency-Key", key).json(offer(recipient.id(), "doc:2")));
                return t;
            }
            case "POST /api/v1/shares/{shareId}/accept", "POST /api/v1/shares/{shareId}/decline",
                 "POST /api/v1/shares/{shareId}/revoke" -> {
                return shareAction(name, findings);
            }
            case "POST /admin/topic/refill" -> {
                // never the right request: it would republish the whole event store under the other tests
                Target t = new Target(name, "/admin/topic/refill", operator, findings);
                common(t, api().register(issuer()).token(), 403, false);
                return t;
            }
            case "POST /internal/v1/data-keys" -> {
                Target t = new Target(name, "/internal/v1/data-keys", service, findings);
                String body = "{\"subjectIds\":[\"" + bystander.id() + "\",\"" + forgotten.id() + "\",\"" + UNKNOWN + "\"]}";
                common(t, bystander.token(), 401, true);
                t.send("an invalid body", 400, r -> r.token(t.owner).json("{\"subjectIds\":[null]}"));
                t.send("a malformed subject id", 400, r -> r.token(t.owner).json("{\"subjectIds\":[\"not-a-uuid\"]}"));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html").json(body));
                t.send("the right request", 200, r -> r.token(t.owner).json(body));
                return t;
            }
            case "GET /internal/v1/data-keys/{subjectId}" -> {
                Target t = new Target(name, "/internal/v1/data-keys/" + bystander.id(), service, findings);
                common(t, bystander.token(), 401, false);
                t.send("an unknown subject", 404, "GET", "/internal/v1/data-keys/" + UNKNOWN, r -> r.token(t.owner));
                t.send("a forgotten subject", 410, "GET", "/internal/v1/data-keys/" + forgotten.id(), r -> r.token(t.owner));
                t.send("Accept: text/html", 406, r -> r.token(t.owner).header("Accept", "text/html"));
                t.send("the right request", 200, r -> r.token(t.owner));
                return t;
            }
            case "GET /internal/v1/members/{memberId}/aggregates/{aggregateId}" -> {
                Target t = new Target(name, "/internal/v1/members/" + bystander.id() + "/aggregates/" + bystander.id(),
                        service, findings);
                common(t, bystander.token(), 401, false);
                t.send("an aggregate the member takes no part in", 404, "GET",
                        "/internal/v1/members/" + bystander.id() + "/aggregates/" + UNKNOWN, r -> r.token(t.owner));
                t.send("the right request", 204, r -> r.token(t.owner));
                return t;
            }
            default -> {
                findings.add(name + ": documented, but this test sends it nothing; give it its stimuli");
                return new Target(name, "/", "", findings);
            }
        }
    }

    /** Accept, decline or revoke of a fresh share: by its recipient (its owner for revoke), the other party and a stranger. */
    private Target shareAction(String name, List<String> findings) {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        api().grant(owner, "SHARE_ITEMS");
        api().grant(recipient, "RECEIVE_SHARES");
        String share = api().offer(owner, recipient).id();
        String other = api().offer(owner, recipient).id();
        String action = name.substring(name.lastIndexOf('/'));
        boolean revoke = action.equals("/revoke");
        Api.Member actor = revoke ? owner : recipient;
        Api.Member counterpart = revoke ? recipient : owner;
        Target t = new Target(name, "/api/v1/shares/" + share + action, actor.token(), findings);
        UnaryOperator<HttpApi.Request> body = revoke ? r -> r.json("{\"reason\":\"no longer needed\"}") : r -> r;
        common(t, operator, 403, revoke);
        t.send("the share's other party", 403, r -> body.apply(r.token(counterpart.token())));
        t.send("a member who is no party to the share", 404, r -> body.apply(r.token(bystander.token())));
        t.send("an unknown share", 404, "POST", "/api/v1/shares/" + UNKNOWN + action, r -> body.apply(r.token(t.owner)));
        if (revoke) {
            t.send("an invalid body", 400, r -> r.token(t.owner).json("{\"reason\":5}"));
        }
        t.send("a malformed If-Match", 400, r -> body.apply(r.token(t.owner).header("If-Match", "\"-1\"")));
        t.send("If-Match with a version the share is not at", 409, r -> body.apply(r.token(t.owner).header("If-Match", STALE)));
        t.send("Accept: text/html", 406, r -> body.apply(r.token(t.owner).header("Accept", "text/html")));
        String key = UUID.randomUUID().toString();
        Answer done = t.send("the right request, with an Idempotency-Key", 200,
                r -> body.apply(r.token(t.owner).header("Idempotency-Key", key)));
        t.same("replayed", done, t.send("the same request and key again", 200,
                r -> body.apply(r.token(t.owner).header("Idempotency-Key", key))));
        t.send("the same key for another share", 422, "POST", "/api/v1/shares/" + other + action,
                r -> body.apply(r.token(t.owner).header("Idempotency-Key", key)));
        t.send("the same request again, without a key", 422, r -> body.apply(r.token(t.owner)));
        return t;
    }

    /**
     * What every operation is sent: no token; a caller without the route's role (for the internal
     * routes a user's token, which is no key-service token: 401); a query string and headers over
     * the container's limits; a body over the limit, one that is not JSON and one without a length;
     * a malformed path id; another method (405, but 403 for the key-service token, which SecurityConfig
     * allows only the documented method of each internal path).
     */
    private void common(Target t, String wrongCaller, int wrongCallerStatus, boolean readsJson) {
        String json = readsJson ? "{}" : "";
        t.send("no token", 401, r -> readsJson ? r.json(json) : r);
        t.send(wrongCallerStatus == 401 ? "a user's token instead of the key-service token" : "a token without the route's role",
                wrongCallerStatus, r -> readsJson ? r.token(wrongCaller).json(json) : r.token(wrongCaller));
        t.send("a query string over 4 KB", 414, t.method, t.path + "?q=" + "a".repeat(5000), r -> r.token(t.owner));
        t.send("a body over 16 KB", 413, r -> r.token(t.owner).json("[" + "0,".repeat(9000) + "0]"));
        t.send("a body that is not JSON", 415, r -> r.token(t.owner).body("text/plain", "hello"));
        t.raw("a chunked body without Content-Length", 411,
                t.head("Content-Type: application/json\r\nTransfer-Encoding: chunked"), "2\r\n{}\r\n0\r\n\r\n");
        // Tomcat answers headers beyond its limit with 400, never 431
        t.raw("headers over 128 KB", 400, t.head("X-Padding: " + "p".repeat(200 * 1024)), "");
        if (t.path.startsWith("/internal/")) {
            t.send("PATCH instead of " + t.method + ": the key-service token may use only the documented method", 403,
                    "PATCH", t.path, r -> r.token(t.owner));
        } else {
            t.send("PATCH instead of " + t.method, 405, "PATCH", t.path, r -> r.token(t.owner));
        }
        String malformed = t.path.replaceFirst("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "not-a-uuid");
        if (!malformed.equals(t.path)) {
            t.send("a malformed path id", 400, t.method, malformed, r -> readsJson ? r.token(t.owner).json(json) : r.token(t.owner));
        }
    }

    /** A member route asked about a member that is not the caller's own, known or not: alike, 403. */
    private void ownMember(Target t, String body) {
        String own = t.path.replaceFirst("/api/v1/members/[^/]+", "");
        t.send("another member's resource", 403, t.method, "/api/v1/members/" + bystander.id() + own,
                r -> r.token(t.owner).json(body));
        t.send("an unknown member", 403, t.method, "/api/v1/members/" + UNKNOWN + own, r -> r.token(t.owner).json(body));
    }

    private static void check(String operationName, Exchange exchange, JsonNode operation, List<String> findings) {
        Answer answer = exchange.answer();
        String where = operationName + " (" + exchange.stimulus() + ")";
        if (answer.status() != exchange.aimedAt()) {
            findings.add(where + ": answered " + answer.status() + ", the stimulus aims at " + exchange.aimedAt()
                    + "; " + abbreviated(answer.body()));
        }
        if (answer.status() >= 400 && !exchange.stored().isEmpty()) {
            findings.add(where + ": refused with " + answer.status() + ", but stored " + exchange.stored());
        }
        // a 405 is answered for the path, by the operation the request did not match
        JsonNode documented = operation.path("responses").path(Integer.toString(answer.status()));
        if (documented.isMissingNode()) {
            findings.add(where + ": " + answer.status() + " is not documented");
            return;
        }
        JsonNode problem = documented.path("content").path(PROBLEM_JSON);
        if (answer.status() >= 400 && !problem.isMissingNode()) {
            String contentType = answer.contentType();
            if (contentType == null || !contentType.startsWith(PROBLEM_JSON)) {
                findings.add(where + ": " + answer.status() + " answered as " + contentType);
            } else {
                String type = answer.json().path("type").asText();
                boolean named = false;
                for (JsonNode example : problem.path("examples")) {
                    named |= example.path("value").path("type").asText().equals(type);
                }
                if (!named) {
                    findings.add(where + ": problem type " + type + " is not among those documented for " + answer.status());
                }
            }
        } else if (documented.path("content").isEmpty()) {
            if (answer.body() != null && !answer.body().isEmpty()) {
                findings.add(where + ": " + answer.status() + " is documented without a body, but has one: " + answer.contentType());
            }
        } else if (!covered(answer.contentType(), documented.path("content"))) {
            findings.add(where + ": " + answer.status() + " answered as " + answer.contentType() + ", documented as "
                    + documented.path("content").properties().stream().map(Map.Entry::getKey).toList());
        }
        Map<String, JsonNode> headers = new LinkedHashMap<>();
        documented.path("headers").fields().forEachRemaining(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
        headers.forEach((name, header) -> {
            if (header.path("required").asBoolean() && answer.headers().apply(name) == null) {
                findings.add(where + ": the required header " + name + " is missing");
            }
        });
        for (String name : HEADERS_THAT_MATTER) {
            if (answer.headers().apply(name) != null && !headers.containsKey(name.toLowerCase())) {
                findings.add(where + ": " + answer.status() + " carries " + name + ", which is not documented for it");
            }
        }
    }

    /** Whether a media type (or range) the document names for the answer covers the type it was answered as. */
    private static boolean covered(String contentType, JsonNode content) {
        if (contentType == null) {
            return false;
        }
        MediaType answered = MediaType.parseMediaType(contentType);
        return content.properties().stream().anyMatch(documented -> MediaType.parseMediaType(documented.getKey()).includes(answered));
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static String handle() {
        return "h_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static String registration(String handle) {
        return "{\"handle\":\"" + handle + "\",\"displayName\":\"Test Member\",\"email\":\"" + handle + "@example.org\"}";
    }

    private static String offer(String recipient, String item) {
        return "{\"recipientId\":\"" + recipient + "\",\"itemRef\":\"" + item + "\",\"itemTitle\":\"A title\",\"permission\":\"VIEW\"}";
    }
}
