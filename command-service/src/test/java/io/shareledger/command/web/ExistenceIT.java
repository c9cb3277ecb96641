package io.shareledger.command.web;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing reveals what exists (issue 9): on every route of the write API that takes an id, an id
 * the caller may not see and an id that does not exist answer the same status and body, both at
 * once, with or without {@code If-Match} (checked only once the caller is known to take part), and
 * neither stores anything.
 */
class ExistenceIT extends IntegrationTest {

    private static final long AT_ONCE_MS = 200;

    /** One request shape; {@code %s} stands for the id under test. */
    private record Route(String method, String path, String body, String ifMatch) {
        @Override
        public String toString() {
            return method + " " + path + (ifMatch == null ? "" : " If-Match " + ifMatch);
        }
    }

    private record Outcome(int status, String body, long millis) {
    }

    @Test
    void aForeignIdAnswersExactlyLikeAnUnknownOne() {
        Api.Member alice = api().register(issuer());
        Api.Member bob = api().register(issuer());
        Api.Member carol = api().register(issuer());
        String aliceConsent = api().grant(alice, "SHARE_ITEMS").id();
        api().grant(bob, "RECEIVE_SHARES");
        String share = api().offer(alice, bob).id();
        long aliceEvents = StoredEvents.typesOf(alice.id()).size();
        long shareEvents = StoredEvents.typesOf(share).size();

        List<Route> routes = new ArrayList<>();
        for (String ifMatch : new String[]{null, "\"0\"", "\"1\"", "\"7\""}) {
            for (String action : new String[]{"accept", "decline", "revoke"}) {
                routes.add(new Route("POST", "/api/v1/shares/%s/" + action, null, ifMatch));
            }
            routes.add(new Route("PUT", "/api/v1/members/%s/profile", "{\"displayName\":\"C\",\"email\":\"c@example.org\"}", ifMatch));
            routes.add(new Route("POST", "/api/v1/members/%s/consents", "{\"purpose\":\"SHARE_ITEMS\"}", ifMatch));
            routes.add(new Route("DELETE", "/api/v1/members/%s/consents/" + UUID.randomUUID(), null, ifMatch));
            routes.add(new Route("DELETE", "/api/v1/members/" + carol.id() + "/consents/%s", null, ifMatch));
            routes.add(new Route("POST", "/api/v1/members/%s/erasure", null, ifMatch));
        }
        routes.add(new Route("GET", "/api/v1/members/%s/export", null, null));

        // the id each route takes: a share for share routes, Alice's member or consent id for the others
        List<String> failures = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            boolean measured = pass == 1;   // the first pass warms the code paths up
            for (Route route : routes) {
                String foreignId = route.path().startsWith("/api/v1/shares") ? share
                        : route.path().contains("/consents/%s") ? aliceConsent : alice.id();
                Outcome foreign = send(route, foreignId, carol);
                Outcome unknown = send(route, UUID.randomUUID().toString(), carol);
                if (foreign.status() != unknown.status() || !foreign.body().equals(unknown.body())) {
                    failures.add(route + ": foreign " + foreign.status() + " " + foreign.body()
                            + " / unknown " + unknown.status() + " " + unknown.body());
                }
                if (foreign.status() / 100 == 2) {
                    failures.add(route + ": a foreign id was served");
                }
                if (measured && (foreign.millis() >= AT_ONCE_MS || unknown.millis() >= AT_ONCE_MS)) {
                    failures.add(route + ": foreign " + foreign.millis() + " ms, unknown " + unknown.millis() + " ms");
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(StoredEvents.typesOf(alice.id())).hasSize((int) aliceEvents);
        assertThat(StoredEvents.typesOf(share)).hasSize((int) shareEvents);
    }

    private Outcome send(Route route, String id, Api.Member caller) {
        Api.Request request = api().request(route.method(), String.format(route.path(), id)).token(caller.token());
        if (route.ifMatch() != null) {
            request.header("If-Match", route.ifMatch());
        }
        if (route.body() != null) {
            request.json(route.body());
        }
        long start = System.nanoTime();
        Api.Response response = request.send();
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Outcome(response.status(), response.body().replace(id, "{id}"), millis);
    }
}
