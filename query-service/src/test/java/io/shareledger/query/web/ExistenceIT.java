package io.shareledger.query.web;

import io.shareledger.query.support.Api;
import io.shareledger.testsupport.TestKeyServer;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing reveals what exists (issue 9): on every route of the query API that takes an id, an id
 * the caller may not see and an id that does not exist answer the same status, headers that matter
 * and body, both at once: {@code minVersion} and {@code waitFor} wait only for what the caller may
 * read (its own member, the shares it owns or receives).
 */
class ExistenceIT extends IntegrationTest {

    private static final long AT_ONCE_MS = 200;

    private record Outcome(int status, String stale, String body, long millis) {
    }

    @Test
    void aForeignIdAnswersExactlyLikeAnUnknownOne() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member alice = story.register();
        Scenario.Member bob = story.register();
        Scenario.Member carol = story.register();
        String share = story.offer(alice, bob).toString();
        // everything projected before the probes: the foreign share is known to the read side
        assertThat(api().get("/api/v1/shares/" + share + "?minVersion=0").token(alice.token()).send().status()).isEqualTo(200);
        assertThat(api().get("/api/v1/members/me?minVersion=0").token(carol.token()).send().status()).isEqualTo(200);
        String own = carol.id().toString();

        List<String> routes = List.of(
                "/api/v1/shares/%s", "/api/v1/shares/%s?minVersion=0", "/api/v1/shares/%s?minVersion=1",
                "/api/v1/shares/%s?minVersion=99",
                "/api/v1/members/%s", "/api/v1/members/%s?minVersion=0", "/api/v1/members/%s?minVersion=5",
                "/api/v1/members/%s/consents", "/api/v1/members/%s/consents?waitFor=%<s:0",
                "/api/v1/members/%s/shares", "/api/v1/members/%s/shares?direction=incoming&waitFor=%<s:3",
                "/api/v1/members/%s/history", "/api/v1/members/%s/history?waitFor=%<s:1",
                // the caller's own lists, waiting for someone else's aggregate
                "/api/v1/members/" + own + "/shares?waitFor=%s:0", "/api/v1/members/" + own + "/shares?waitFor=%s:1",
                "/api/v1/members/" + own + "/shares?direction=incoming&waitFor=%s:0",
                "/api/v1/members/" + own + "/consents?waitFor=%s:0", "/api/v1/members/" + own + "/history?waitFor=%s:0");

        List<String> failures = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            boolean measured = pass == 1;   // the first pass warms the code paths up
            for (String route : routes) {
                String foreignId = route.startsWith("/api/v1/shares") || route.contains("waitFor=%s") ? share : alice.id().toString();
                Outcome foreign = get(route, foreignId, carol);
                Outcome unknown = get(route, UUID.randomUUID().toString(), carol);
                if (foreign.status() != unknown.status() || !foreign.body().equals(unknown.body())
                        || !String.valueOf(foreign.stale()).equals(String.valueOf(unknown.stale()))) {
                    failures.add(route + ": foreign " + foreign + " / unknown " + unknown);
                }
                if (measured && (foreign.millis() >= AT_ONCE_MS || unknown.millis() >= AT_ONCE_MS)) {
                    failures.add(route + ": foreign " + foreign.millis() + " ms, unknown " + unknown.millis() + " ms");
                }
            }
        }
        assertThat(failures).isEmpty();

        // and the caller's own aggregates are still waited for, even one the read side has not seen yet
        String fresh = UUID.randomUUID().toString();
        TestKeyServer.get().parties(fresh, own, alice.id().toString());
        Outcome notYet = get("/api/v1/members/" + own + "/shares?waitFor=%s:0", fresh, carol);
        assertThat(notYet.stale()).isEqualTo("true");
        assertThat(notYet.millis()).as("waited for the bound (2 s in the tests)").isGreaterThanOrEqualTo(1900);
    }

    private Outcome get(String route, String id, Scenario.Member caller) {
        long start = System.nanoTime();
        Api.Response response = api().get(String.format(route, id)).token(caller.token()).send();
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Outcome(response.status(), response.header("Projection-Stale"), response.body().replace(id, "{id}"), millis);
    }
}
