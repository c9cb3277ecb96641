package io.shareledger.query.web;

import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.query.readmodel.Checksums;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import io.shareledger.testsupport.Fuzz;
import io.shareledger.testsupport.RawHttp;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.shareledger.testsupport.Fuzz.Mutation;
import static io.shareledger.testsupport.Fuzz.Part;
import static io.shareledger.testsupport.Fuzz.Request;
import static io.shareledger.testsupport.Fuzz.anyBodies;
import static io.shareledger.testsupport.Fuzz.badCredentials;
import static io.shareledger.testsupport.Fuzz.badHeaders;
import static io.shareledger.testsupport.Fuzz.badParameter;
import static io.shareledger.testsupport.Fuzz.badPaths;
import static io.shareledger.testsupport.Fuzz.foreignCallers;
import static io.shareledger.testsupport.Fuzz.otherMethods;
import static io.shareledger.testsupport.Fuzz.pick;
import static io.shareledger.testsupport.Fuzz.unframedOrOversizedBodies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of every route of the query service (issue 9): the public read API, the operator's
 * routes, the actuator and the API document, over raw HTTP. Each case is a valid request with one
 * defect the route must refuse, plus noise ({@link Fuzz}); callers are the right member, other
 * members, other roles, bad tokens and nobody, so that the routes' own checks (ids, versions to wait
 * for, paging parameters, read model names) are reached, not only the token check. No answer may be
 * a 5xx, every error must be problem+json, none may take longer than {@link Fuzz#TIMEOUT}, and the
 * read models, their registry and the parked events must be exactly as before. That each case was
 * one defect away from a valid request is shown at the end: the valid reads, sent once as they are,
 * are all served. {@code -Dfuzz.seed=N} repeats a run; the seed and the counts are printed. The rate
 * limits are far above what the run sends (IntegrationTest).
 */
class FuzzIT extends IntegrationTest {

    private static final int ROUNDS = 125;

    /**
     * The operator's writes: their valid requests would start (or cancel) a rebuild or retry other
     * tests' parked events, so they are not sent as controls, and the fuzz checks after each of their
     * cases that the registry and the parked events are as they were.
     */
    private static final Set<String> NOT_SENT_AS_CONTROL = Set.of("POST /admin/projections/{name}/rebuild",
            "DELETE /admin/projections/{name}/rebuild", "POST /admin/dead-letters/{group}/retry");

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    /** A route: its valid request, and the defects any of which it must refuse. */
    private record Route(String name, Supplier<Request> valid, List<List<Mutation>> defects) {
    }

    @Test
    void malformedRequestsAreRefusedCleanlyAndChangeNothing() throws Exception {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member a = story.register();
        Scenario.Member b = story.register();
        Scenario.Member c = story.register();
        story.grant(a, ConsentPurpose.SHARE_ITEMS);
        story.grant(b, ConsentPurpose.RECEIVE_SHARES);
        String share = story.offer(a, b).toString();
        assertThat(api().get("/api/v1/shares/" + share + "?minVersion=0").token(a.token()).send().status()).isEqualTo(200);
        assertThat(api().get("/api/v1/members/" + a.id() + "/consents?waitFor=" + a.id() + ":1").token(a.token()).send()
                .header(Conditional.PROJECTION_STALE)).isNull();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("member A", a.token());
        callers.put("member B", b.token());
        callers.put("member C", c.token());
        callers.put("an unregistered subject", issuer().memberToken("fuzz-" + UUID.randomUUID()));
        callers.put("a privacy officer", issuer().token("fuzz-officer-" + UUID.randomUUID(), "privacy-officer"));
        callers.put("an operator", issuer().token("fuzz-operator-" + UUID.randomUUID(), "operator"));
        callers.put("the key service", TestKeys.serviceToken());
        List<Route> routes = routes(callers, a.id().toString(), share);

        long seed = Fuzz.seed();
        Random random = new Random(seed);
        List<Mutation> noise = Fuzz.noise(false);
        List<String> writes = new ArrayList<>();
        String readSideBefore = settledReadSide();
        String operated = operatorState();
        Fuzz.Tally tally = new Fuzz.Tally("query-service", seed);
        for (int round = 0; round < ROUNDS; round++) {
            for (Route route : routes) {
                Request request = Fuzz.mutate(route.valid().get().route(route.name()), route.defects(), noise, random);
                tally.record(request, Fuzz.send(port, request, Fuzz.TIMEOUT));
                if (NOT_SENT_AS_CONTROL.contains(route.name()) && !operatorState().equals(operated)) {
                    writes.add(request.summary());
                    operated = operatorState();
                }
            }
        }
        String readSideAfter = readSide();
        System.out.print(tally.report());

        String run = "seed " + seed + " (-Dfuzz.seed=" + seed + ")";
        assertThat(tally.failures()).as("answers breaking the rules, " + run).isEmpty();
        assertThat(tally.sent()).isGreaterThanOrEqualTo(2_000);
        assertThat(tally.routes()).as("every route was fuzzed").hasSize(routes.size());
        assertThat(tally.checkedErrors()).as("errors checked for problem+json").isGreaterThan(tally.sent() / 2);
        tally.routes().forEach((route, statuses) -> assertThat(statuses.keySet())
                .as("%s got past the token check at least once, %s", route, run)
                .anyMatch(status -> status != 401 && status != 403));
        assertThat(writes).as("operator's requests followed by a rebuild or retry, " + run).isEmpty();
        assertThat(readSideAfter).as("read models, their registry and parked events, " + run).isEqualTo(readSideBefore);

        // the control: each case was one defect away from a request that is served
        for (Route route : routes) {
            if (NOT_SENT_AS_CONTROL.contains(route.name())) {
                continue;
            }
            RawHttp.Answer answer = Fuzz.send(port, route.valid().get().route(route.name()), Fuzz.TIMEOUT).answer();
            assertThat(answer).as(route.name()).isNotNull();
            assertThat(answer.status()).as("the valid request of %s: %s", route.name(), answer.body()).isBetween(200, 299);
        }
    }

    @Test
    void theRulesRecogniseABadAnswer() throws Exception {
        String problem = "HTTP/1.1 404\r\nContent-Type: application/problem+json";
        String html = "HTTP/1.1 404\r\nContent-Type: text/html";
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(404, problem, "{\"status\":404}"))).isEmpty();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(304, "HTTP/1.1 304", ""))).isEmpty();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(404, html, "<html>"))).isPresent();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(400, "HTTP/1.1 400", ""))).isPresent();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(404, problem, "{\"status\":400}"))).isPresent();
        assertThat(Fuzz.violation("GET", new RawHttp.Answer(503, problem, "{\"status\":503}"))).isPresent();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Fuzz.Outcome outcome = Fuzz.send(silent.getLocalPort(), new Request("GET", "/"), Duration.ofMillis(300));
            assertThat(outcome.answer()).isNull();
            assertThat(outcome.failure()).startsWith("hang");
        }
    }

    private List<Route> routes(Map<String, String> callers, String a, String share) {
        String officer = callers.get("a privacy officer");
        String operator = callers.get("an operator");
        String members = "/api/v1/members/" + a;
        String unknown = UUID.randomUUID().toString();
        // versions: none that is valid and not yet reached, which would wait (the bound is 2 s here); the
        // parameter is read as Spring reads numbers, so " 1" and "0x10" would be such versions
        List<String> versions = List.of("abc", "", "-", "1.5", "1e3", "99999999999999999999", "-99999999999999999999",
                "%00", "%E2%80%AE", "1,2", "-1", "1-", Fuzz.raw("١"));
        List<String> waits = List.of("x", a, a + ":", ":1", a + ":-1", a + ":99999999999999999999", a + ":1.5", "%00",
                unknown + ":1", unknown.toUpperCase() + ":0", "g" + unknown.substring(1) + ":0", a + ":0:0",
                a.repeat(20) + ":1");
        List<String> cursors = List.of("!!", "%ZZ", "AAAA", "====", cursor("1:2:zzz"), cursor("99999999999999:0:" + a),
                cursor("1:0:abc"), cursor("-99999999999:0:1"), cursor("1:" + "9".repeat(10) + ":1"),
                cursor("x".repeat(3000)),
                Base64.getEncoder().encodeToString("1:0:1".getBytes(StandardCharsets.US_ASCII)), "%00");
        List<String> limits = List.of("0", "-1", "abc", "1.5", "99999999999", "2147483648", "", "%00", "1e2");
        Mutation minVersion = badParameter("minVersion", versions);
        Mutation waitFor = badParameter("waitFor", waits);
        Mutation cursor = badParameter("cursor", cursors);
        Mutation limit = badParameter("limit", limits);
        List<String> badReasons = List.of("", "%20%20%20", "x".repeat(501), "x".repeat(5000), "%09");
        Mutation reason = new Mutation("query: reason", Part.QUERY, (r, random) ->
                r.query(random.nextInt(5) == 0 ? null : "reason=" + pick(random, badReasons)));
        Mutation tag = badParameter("tag",
                List.of("x", ":", "area", "area:nope", "%00:%00", "a:" + "b".repeat(3000), "%ZZ"));

        List<Route> routes = new ArrayList<>();
        routes.add(read("GET /api/v1/members/me", "member A", callers, Set.of("member B", "member C"),
                () -> request("GET", "/api/v1/members/me"), badPaths(), List.of(minVersion)));
        routes.add(read("GET /api/v1/members/{id}", "member A", callers, Set.of(),
                () -> request("GET", members), badPaths(a), List.of(minVersion)));
        routes.add(read("GET /api/v1/shares/{id}", "member A", callers, Set.of("member B"),
                () -> request("GET", "/api/v1/shares/" + share), badPaths(share), List.of(minVersion)));
        routes.add(read("GET /api/v1/members/{id}/shares", "member A", callers, Set.of(),
                () -> request("GET", members + "/shares"), badPaths(a), List.of(waitFor, cursor, limit,
                        badParameter("direction",
                                List.of("sideways", "", "OUTGOING", "%00", "incoming%00", "outgoing,incoming")),
                        badParameter("status", List.of("offered", "x", "%E2%80%AE", "OFFERED,ACCEPTED", "'")),
                        badParameter("sort", List.of("name", "offeredAt;drop", "", "+offeredAt", "--offeredAt")))));
        routes.add(read("GET /api/v1/members/{id}/consents", "member A", callers, Set.of(),
                () -> request("GET", members + "/consents"), badPaths(a), List.of(waitFor)));
        routes.add(read("GET /api/v1/members/{id}/history", "member A", callers, Set.of("a privacy officer"),
                () -> request("GET", members + "/history"), badPaths(a), List.of(waitFor, cursor, limit)));
        routes.add(read("GET /api/v1/members/{id}/history?reason (privacy officer)", "a privacy officer", callers,
                Set.of("member A"), () -> request("GET", members + "/history").query("reason=fuzzing%20the%20audit"),
                badPaths(a), List.of(reason, cursor, limit)));
        routes.add(read("GET /admin/projections", "an operator", callers, Set.of(),
                () -> request("GET", "/admin/projections"), badPaths(), List.of()));
        routes.add(read("GET /admin/projections/{name}", "an operator", callers, Set.of(),
                () -> request("GET", "/admin/projections/member-profiles"), badPaths("member-profiles"), List.of()));
        routes.add(read("GET /admin/projections/{name}/checksum", "an operator", callers, Set.of(),
                () -> request("GET", "/admin/projections/shares/checksum"), badPaths("shares"), List.of()));
        routes.add(read("GET /admin/dead-letters", "an operator", callers, Set.of(),
                () -> request("GET", "/admin/dead-letters"), badPaths(), List.of()));
        routes.add(write("POST /admin/projections/{name}/rebuild", callers,
                () -> request("POST", "/admin/projections/member-history/rebuild"), "member-history", "DELETE"));
        routes.add(write("DELETE /admin/projections/{name}/rebuild", callers,
                () -> request("DELETE", "/admin/projections/member-history/rebuild"), "member-history", "POST"));
        routes.add(write("POST /admin/dead-letters/{group}/retry", callers,
                () -> request("POST", "/admin/dead-letters/shares/retry"), "shares"));
        for (String path : new String[]{"/actuator/health", "/actuator/health/liveness", "/v3/api-docs"}) {
            routes.add(new Route("GET " + path, () -> request("GET", path), defects(badCredentials(issuer(), null),
                    otherMethods("GET"), badPaths(), badHeaders(), anyBodies(), unframedOrOversizedBodies())));
        }
        for (String path : new String[]{"/actuator/info", "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/prometheus"}) {
            routes.add(read("GET " + path, "an operator", callers, Set.of(), () -> request("GET", path), badPaths(),
                    path.endsWith("used") ? List.of(tag) : List.of()));
        }
        return routes;
    }

    /** A read by {@code caller}; {@code alsoAllowed} may read it too, every other caller may not. */
    private Route read(String name, String caller, Map<String, String> callers, Set<String> alsoAllowed,
                       Supplier<Request> path, List<Mutation> paths, List<Mutation> parameters) {
        String token = callers.get(caller);
        Map<String, String> others = new LinkedHashMap<>(callers);
        others.remove(caller);
        alsoAllowed.forEach(others::remove);
        return new Route(name, () -> path.get().as(caller, token), defects(badCredentials(issuer(), token),
                foreignCallers(others), otherMethods("GET"), paths, badHeaders(), anyBodies(), unframedOrOversizedBodies(),
                parameters));
    }

    /**
     * An operator's write, {@code name} its path's read model or group. It reads no body, so a body
     * within the size limit is no defect here.
     */
    private Route write(String route, Map<String, String> callers, Supplier<Request> path, String name,
                        String... alsoMapped) {
        String operator = callers.get("an operator");
        Map<String, String> others = new LinkedHashMap<>(callers);
        others.remove("an operator");
        String method = route.substring(0, route.indexOf(' '));
        return new Route(route, () -> path.get().as("an operator", operator), defects(badCredentials(issuer(), operator),
                foreignCallers(others), otherMethods(method, alsoMapped), badPaths(name), badHeaders(),
                unframedOrOversizedBodies()));
    }

    private static Request request(String method, String path) {
        return new Request(method, path);
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    @SafeVarargs
    private static List<List<Mutation>> defects(List<Mutation>... groups) {
        return Stream.of(groups).filter(group -> !group.isEmpty()).toList();
    }

    /**
     * The read side once it has stopped changing (the events of this test and of earlier ones
     * projected): two looks a second apart alike.
     */
    private String settledReadSide() throws InterruptedException {
        String previous = readSide();
        for (int look = 0; look < 20; look++) {
            Thread.sleep(1000);
            String now = readSide();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("the read side did not settle");
    }

    /** What the operator's writes change: the registry of read models and the parked events. */
    private String operatorState() {
        return jdbc.queryForList("select name, live_version, rebuild_state, target_version, started_at, finished_at"
                + " from read_model order by name") + "\n" + jdbc.queryForList("""
                select processing_group, sequence_identifier, sequence_index, last_touched, processing_started
                from dead_letter_entry order by processing_group, sequence_identifier, sequence_index""");
    }

    /** The checksum of each read model's live version, the registry and the parked events, from one snapshot. */
    private String readSide() {
        TransactionTemplate snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return snapshot.execute(status -> {
            StringBuilder state = new StringBuilder();
            for (ReadModel model : ReadModel.values()) {
                Integer version = jdbc.queryForObject("select live_version from read_model where name = ?", Integer.class,
                        model.modelName());
                state.append(model.modelName()).append(' ').append(Checksums.of(jdbc, model, model.schema(version)).sha256())
                        .append('\n');
            }
            return state.append(operatorState()).toString();
        });
    }
}
