package io.shareledger.command.web;

import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.Fuzz;
import io.shareledger.testsupport.RawHttp;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import static io.shareledger.testsupport.Fuzz.Mutation;
import static io.shareledger.testsupport.Fuzz.Part;
import static io.shareledger.testsupport.Fuzz.Request;
import static io.shareledger.testsupport.Fuzz.badCredentials;
import static io.shareledger.testsupport.Fuzz.badHeaders;
import static io.shareledger.testsupport.Fuzz.badIdempotencyKeys;
import static io.shareledger.testsupport.Fuzz.badIfMatch;
import static io.shareledger.testsupport.Fuzz.badJsonBodies;
import static io.shareledger.testsupport.Fuzz.badParameter;
import static io.shareledger.testsupport.Fuzz.badPaths;
import static io.shareledger.testsupport.Fuzz.foreignCallers;
import static io.shareledger.testsupport.Fuzz.nonJsonBodies;
import static io.shareledger.testsupport.Fuzz.object;
import static io.shareledger.testsupport.Fuzz.otherMethods;
import static io.shareledger.testsupport.Fuzz.pick;
import static io.shareledger.testsupport.Fuzz.unframedOrOversizedBodies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of every route of the command service (issue 9): the public write API, the
 * operator's and the internal routes, the actuator and the API document, over raw HTTP. Each case
 * is a valid request with one defect the route must refuse, plus noise ({@link Fuzz}); callers are
 * the right member, other members, other roles, bad tokens and nobody, so that the routes' own
 * checks are reached, not only the token check. No answer may be a 5xx, every error must be
 * problem+json, none may take longer than {@link Fuzz#TIMEOUT}, and no case may store an event.
 * That each case was one defect away from a valid request is shown at the end: the valid requests,
 * sent once as they are, are all served. {@code -Dfuzz.seed=N} repeats a run; the seed and the
 * counts are printed. The rate limits are far above what the run sends (IntegrationTest).
 */
class FuzzIT extends IntegrationTest {

    private static final int ROUNDS = 110;

    /** Events no request stores: deadlines (of other tests' consents and shares) may fire during the run. */
    private static final List<String> TIMER_EVENTS = List.of(ConsentExpiredEvent.class.getName(),
            ShareExpiredEvent.class.getName());

    /** A route: its valid request, the defects any of which it must refuse, and whether it reads a JSON body. */
    private record Route(String name, Supplier<Request> valid, List<List<Mutation>> defects, boolean readsJson) {
    }

    @Test
    void malformedRequestsAreRefusedCleanlyAndStoreNothing() throws Exception {
        Api.Member a = api().register(issuer());
        Api.Member b = api().register(issuer());
        Api.Member c = api().register(issuer());
        String consent = api().grant(a, "SHARE_ITEMS").id();
        api().grant(b, "RECEIVE_SHARES");
        String share = api().offer(a, b).id();
        String declinable = api().offer(a, b).id();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("member A", a.token());
        callers.put("member B", b.token());
        callers.put("member C", c.token());
        callers.put("an unregistered subject", issuer().memberToken("fuzz-" + UUID.randomUUID()));
        callers.put("a privacy officer", issuer().token("fuzz-officer-" + UUID.randomUUID(), "privacy-officer"));
        callers.put("an operator", issuer().token("fuzz-operator-" + UUID.randomUUID(), "operator"));
        callers.put("the key service", TestKeys.serviceToken());
        List<Route> routes = routes(callers, a, b, consent, share, declinable);

        long seed = Fuzz.seed();
        Random random = new Random(seed);
        Fuzz.Tally tally = new Fuzz.Tally("command-service", seed);
        List<Mutation> noise = Fuzz.noise(false);
        List<Mutation> jsonNoise = Fuzz.noise(true);
        List<String> writes = new ArrayList<>();
        long lastBefore = StoredEvents.lastGlobalIndex();
        long eventsBefore;
        long eventsAfter;
        try (EventCount events = new EventCount()) {
            eventsBefore = events.now();
            long stored = eventsBefore;
            for (int round = 0; round < ROUNDS; round++) {
                for (Route route : routes) {
                    Request request = Fuzz.mutate(route.valid().get().route(route.name()), route.defects(),
                            route.readsJson() ? jsonNoise : noise, random);
                    tally.record(request, Fuzz.send(port, request, Fuzz.TIMEOUT));
                    long now = events.now();
                    if (now != stored) {
                        writes.add((now - stored) + " event(s) after " + request.summary());
                        stored = now;
                    }
                }
            }
            eventsAfter = events.now();
        }
        System.out.print(tally.report());

        String run = "seed " + seed + " (-Dfuzz.seed=" + seed + ")";
        assertThat(tally.failures()).as("answers breaking the rules, " + run).isEmpty();
        assertThat(tally.sent()).isGreaterThanOrEqualTo(2_000);
        assertThat(tally.routes()).as("every route was fuzzed").hasSize(routes.size());
        assertThat(tally.checkedErrors()).as("errors checked for problem+json").isGreaterThan(tally.sent() / 2);
        tally.routes().forEach((route, statuses) -> assertThat(statuses.keySet())
                .as("%s got past the token check at least once, %s", route, run)
                .anyMatch(status -> status != 401 && status != 403));
        assertThat(writes).as("requests followed by stored events, " + run).isEmpty();
        assertThat(eventsAfter).as("events stored during the fuzz, %s: %s", run, StoredEvents.since(lastBefore))
                .isEqualTo(eventsBefore);

        // the control: each case was one defect away from a request that is served
        for (Route route : routes) {
            if (route.name().equals("POST /admin/topic/refill")) {
                continue;   // would republish the whole store to Kafka; its refusals are what is fuzzed here
            }
            Request valid = route.valid().get().route(route.name());
            RawHttp.Answer answer = Fuzz.send(port, valid, Fuzz.TIMEOUT).answer();
            assertThat(answer).as(route.name()).isNotNull();
            assertThat(answer.status()).as("the valid request of %s: %s", route.name(), answer.body()).isBetween(200, 299);
        }
        try (EventCount events = new EventCount()) {
            assertThat(events.now()).as("the valid writes were stored").isGreaterThan(eventsAfter);
        }
    }

    @Test
    void theRulesRecogniseABadAnswer() throws Exception {
        String problem = "HTTP/1.1 404\r\nContent-Type: application/problem+json";
        String html = "HTTP/1.1 404\r\nContent-Type: text/html";
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(404, problem, "{\"status\":404}"))).isEmpty();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(200, html.replace("404", "200"), "<html>"))).isEmpty();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(404, html, "<html>"))).isPresent();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(400, "HTTP/1.1 400", ""))).isPresent();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(404, problem, "{\"status\":400}"))).isPresent();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(500, problem, "{\"status\":500}"))).isPresent();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Fuzz.Outcome outcome = Fuzz.send(silent.getLocalPort(), new Request("GET", "/"), Duration.ofMillis(300));
            assertThat(outcome.answer()).isNull();
            assertThat(outcome.failure()).startsWith("hang");
        }
    }

    private List<Route> routes(Map<String, String> callers, Api.Member a, Api.Member b, String consent, String share,
                               String declinable) {
        String handle = "f_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Map<String, String> register = fields("handle", "\"" + handle + "\"", "displayName", "\"Fuzz\"",
                "email", "\"fuzz@example.org\"");
        Map<String, String> profile = fields("displayName", "\"Fuzzed\"", "email", "\"fuzzed@example.org\"");
        Map<String, String> grant = fields("purpose", "\"RECEIVE_SHARES\"");
        Map<String, String> dataAccess = fields("scope", "\"HISTORY\"", "reason", "\"fuzzing the audit\"");
        Map<String, String> offer = fields("recipientId", "\"" + b.id() + "\"", "itemRef", "\"doc:fuzz\"",
                "itemTitle", "\"Fuzz\"", "permission", "\"VIEW\"");
        Map<String, String> revoke = fields("reason", "\"fuzzing\"");
        Map<String, String> keys = fields("subjectIds", "[\"" + a.id() + "\",\"" + b.id() + "\"]");
        String members = "/api/v1/members/" + a.id();
        List<String> badReasons = List.of("", "%20%20%20", "x".repeat(501), "x".repeat(3000), "x".repeat(5000), "a%00b",
                "a%01b", "a%0Db", "a%7Fb", "a%C2%85b", "a%E2%80%AEb", "a%E2%81%A6b", "a%EF%BF%BFb", "a%E2%80%A8b", "a%ZZb");
        Mutation badReason = new Mutation("query: reason", Part.QUERY, (r, random) ->
                r.query(random.nextInt(8) == 0 ? null : "reason=" + pick(random, badReasons)));
        Mutation badTag = badParameter("tag",
                List.of("x", ":", "area", "area:nope", "%00:%00", "a:" + "b".repeat(3000), "%ZZ"));

        // in an order in which their valid requests can be sent one after the other (the control)
        List<RouteSpec> routes = new ArrayList<>(List.of(
                new RouteSpec("POST /api/v1/members", "/api/v1/members", "an unregistered subject").json(register)
                        .idempotent(),
                new RouteSpec("PUT /api/v1/members/{id}/profile", members + "/profile", "member A").ids(a.id())
                        .json(profile).ifMatch(),
                new RouteSpec("POST /api/v1/members/{id}/consents", members + "/consents", "member A").ids(a.id())
                        .json(grant).ifMatch().idempotent(),
                new RouteSpec("POST /api/v1/members/{id}/data-access", members + "/data-access", "a privacy officer")
                        .ids(a.id()).json(dataAccess),
                new RouteSpec("GET /api/v1/members/{id}/export", members + "/export", "member A").ids(a.id())
                        .allowing("a privacy officer"),
                new RouteSpec("GET /api/v1/members/{id}/export?reason (privacy officer)", members + "/export",
                        "a privacy officer").query("reason=fuzzing%20the%20audit").ids(a.id()).allowing("member A")
                        .with(badReason),
                new RouteSpec("GET /internal/v1/data-keys/{subjectId}", "/internal/v1/data-keys/" + a.id(),
                        "the key service").ids(a.id()),
                new RouteSpec("POST /internal/v1/data-keys", "/internal/v1/data-keys", "the key service").json(keys),
                new RouteSpec("GET /internal/v1/members/{id}/aggregates/{aggregateId}",
                        "/internal/v1/members/" + b.id() + "/aggregates/" + share, "the key service").ids(b.id(), share),
                new RouteSpec("GET /actuator/health", "/actuator/health", null),
                new RouteSpec("GET /actuator/health/liveness", "/actuator/health/liveness", null),
                new RouteSpec("GET /v3/api-docs", "/v3/api-docs", null),
                new RouteSpec("GET /actuator/info", "/actuator/info", "an operator"),
                new RouteSpec("GET /actuator/metrics", "/actuator/metrics", "an operator"),
                new RouteSpec("GET /actuator/prometheus", "/actuator/prometheus", "an operator"),
                new RouteSpec("GET /actuator/metrics/jvm.memory.used", "/actuator/metrics/jvm.memory.used", "an operator")
                        .with(badTag),
                new RouteSpec("POST /admin/topic/refill", "/admin/topic/refill", "an operator"),
                new RouteSpec("POST /api/v1/shares", "/api/v1/shares", "member A").json(offer).idempotent(),
                new RouteSpec("POST /api/v1/shares/{id}/accept", "/api/v1/shares/" + share + "/accept", "member B")
                        .ids(share).ifMatch().idempotent(),
                new RouteSpec("POST /api/v1/shares/{id}/decline", "/api/v1/shares/" + declinable + "/decline", "member B")
                        .ids(declinable).ifMatch().idempotent(),
                new RouteSpec("POST /api/v1/shares/{id}/revoke", "/api/v1/shares/" + share + "/revoke", "member A")
                        .ids(share).optionalJson(revoke).ifMatch().idempotent(),
                new RouteSpec("DELETE /api/v1/members/{id}/consents/{consentId}", members + "/consents/" + consent,
                        "member A").ids(a.id(), consent).ifMatch(),
                new RouteSpec("POST /api/v1/members/{id}/erasure", members + "/erasure", "member A").ids(a.id())
                        .allowing("a privacy officer").ifMatch().idempotent()));
        return routes.stream().map(route -> route.build(callers)).toList();
    }

    /**
     * How a route is fuzzed: its path, its valid caller (null: none needed), the other callers who may
     * send it too, the body it reads and the headers it reads. Every other caller, a bad token, another
     * method, a bad path or id, bad headers and a bad body are defects of every route.
     */
    private final class RouteSpec {

        private final String name;
        private final String path;
        private final String caller;
        private final List<String> allowed = new ArrayList<>();
        private final List<Mutation> extra = new ArrayList<>();
        private String[] ids = {};
        private String query;
        private Map<String, String> body;
        private boolean optionalBody;
        private boolean ifMatch;
        private boolean idempotent;

        RouteSpec(String name, String path, String caller) {
            this.name = name;
            this.path = path;
            this.caller = caller;
        }

        RouteSpec ids(String... ids) {
            this.ids = ids;
            return this;
        }

        RouteSpec allowing(String... callers) {
            allowed.addAll(List.of(callers));
            return this;
        }

        RouteSpec query(String query) {
            this.query = query;
            return this;
        }

        RouteSpec json(Map<String, String> fields) {
            this.body = fields;
            return this;
        }

        RouteSpec optionalJson(Map<String, String> fields) {
            this.optionalBody = true;
            return json(fields);
        }

        RouteSpec ifMatch() {
            this.ifMatch = true;
            return this;
        }

        RouteSpec idempotent() {
            this.idempotent = true;
            return this;
        }

        RouteSpec with(Mutation defect) {
            extra.add(defect);
            return this;
        }

        Route build(Map<String, String> callers) {
            String method = name.substring(0, name.indexOf(' '));
            String token = callers.get(caller);
            Supplier<Request> valid = () -> {
                Request request = new Request(method, path).query(query);
                if (caller != null) {
                    request.as(caller, token);
                }
                return body == null ? request : request.json(object(body));
            };
            Map<String, String> others = new LinkedHashMap<>(callers);
            others.remove(caller);
            allowed.forEach(others::remove);
            List<List<Mutation>> defects = new ArrayList<>(List.of(badCredentials(issuer(), token)));
            if (caller != null) {
                defects.add(foreignCallers(others));
            }
            defects.addAll(List.of(otherMethods(method), badPaths(ids), badHeaders(), unframedOrOversizedBodies(),
                    body == null ? nonJsonBodies() : badJsonBodies(body, optionalBody)));
            if (ifMatch) {
                defects.add(badIfMatch());
            }
            if (idempotent) {
                defects.add(badIdempotencyKeys());
            }
            if (!extra.isEmpty()) {
                defects.add(extra);
            }
            return new Route(name, valid, defects, body != null);
        }
    }

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** Counts the rows of the event store table, but for the events deadlines store, over one connection. */
    private static final class EventCount implements AutoCloseable {

        private final Connection connection;
        private final PreparedStatement query;

        EventCount() throws SQLException {
            connection = TestDatabase.get().connect();
            query = connection.prepareStatement("select count(*) from domain_event_entry where payload_type <> all (?)");
            query.setArray(1, connection.createArrayOf("varchar", TIMER_EVENTS.toArray()));
        }

        long now() throws SQLException {
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
