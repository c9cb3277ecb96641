package io.shareledger.command.web;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws a few hundred seeded random requests at every write route: junk bodies, wrong types,
 * odd ids and headers. None may answer 5xx, every error must be problem+json, and only the requests
 * that succeed (random bodies are valid now and then) may append to the aggregates they target.
 */
class NoServerErrorIT extends IntegrationTest {

    private static final long SEED = 20261126L;
    private static final int ROUNDS = 25;

    private static final String[] JUNK_VALUES = {
            "null", "true", "0", "-1", "1e309", "1.5", "\"\"", "\" \"", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]",
            "\"\\u0000\"", "\"\\ud800\"", "\"" + "a".repeat(5000) + "\"", "\"2026-13-45T99:99:99Z\"",
            "\"SHARE_ITEMS\"", "\"VIEW\"", "\"not-a-uuid\"", "\"" + UUID.randomUUID() + "\"", "\"<script>\"",
            "\"x@example.org\"", "\"9999-12-31T23:59:59Z\"", "{\"nested\":{\"deep\":[1,2,3]}}", "12345678901234567890"};

    private static final String[] JUNK_BODIES = {
            "", "{", "}", "null", "[]", "\"text\"", "{\"a\":}", "{\"handle\":\"x\",\"handle\":\"y\"}",
            "\u0000\u0001\u0002", "{\"displayName\": \"unterminated}", "{'single':'quotes'}", "NaN"};

    private static final String[] FIELDS = {"handle", "displayName", "email", "purpose", "expiresAt", "recipientId",
            "itemRef", "itemTitle", "note", "permission", "reason", "unknown"};

    private static final String[] ODD_IDS = {"not-a-uuid", "00000000-0000-0000-0000-000000000000", "%20",
            UUID.randomUUID().toString(), "1", "..", "a".repeat(300)};

    private static final String[] ODD_IF_MATCH = {"\"abc\"", "W/\"1\"", "*", "\"-1\"", "\"99999999999999999999\"", "1", ""};

    @Test
    void noInputYieldsAServerError() {
        Api.Member member = api().register(issuer());
        Api.Member other = api().register(issuer());
        api().grant(member, "SHARE_ITEMS");
        api().grant(other, "RECEIVE_SHARES");
        String share = api().offer(member, other).id();
        long eventsBefore = StoredEvents.typesOf(member.id()).size() + StoredEvents.typesOf(share).size();

        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int successesOnExistingAggregates = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (String[] route : routes(member.id(), share, pick(random, ODD_IDS))) {
                Api.Request request = api().request(route[0], route[1]).token(member.token());
                if (random.nextInt(3) == 0) {
                    request.header("If-Match", pick(random, ODD_IF_MATCH));
                }
                if (random.nextInt(4) == 0) {
                    request.header("Idempotency-Key", random.nextBoolean() ? "k" + random.nextInt() : "x".repeat(500));
                }
                Api.Response response = request.json(randomBody(random)).send();
                boolean targetsExisting = route[1].contains(member.id()) || route[1].contains(share);
                if (targetsExisting && response.status() / 100 == 2) {
                    successesOnExistingAggregates++;
                }
                if (response.status() >= 500 || (response.status() >= 400
                        && !String.valueOf(response.contentType()).startsWith("application/problem+json"))) {
                    failures.add(route[0] + " " + route[1] + " -> " + response.status() + " " + response.contentType());
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(StoredEvents.typesOf(member.id()).size() + StoredEvents.typesOf(share).size())
                .as("one event per successful request, none for the refused ones")
                .isEqualTo(eventsBefore + successesOnExistingAggregates);
    }

    private static List<String[]> routes(String memberId, String shareId, String oddId) {
        return List.of(
                new String[]{"POST", "/api/v1/members"},
                new String[]{"PUT", "/api/v1/members/" + memberId + "/profile"},
                new String[]{"PUT", "/api/v1/members/" + oddId + "/profile"},
                new String[]{"POST", "/api/v1/members/" + memberId + "/consents"},
                new String[]{"DELETE", "/api/v1/members/" + memberId + "/consents/" + oddId},
                new String[]{"POST", "/api/v1/shares"},
                new String[]{"POST", "/api/v1/shares/" + oddId + "/accept"},
                new String[]{"POST", "/api/v1/shares/" + shareId + "/decline"},
                new String[]{"POST", "/api/v1/shares/" + shareId + "/revoke"},
                new String[]{"POST", "/api/v1/members/" + oddId + "/erasure"});
    }

    private static String randomBody(Random random) {
        if (random.nextInt(4) == 0) {
            return pick(random, JUNK_BODIES);
        }
        StringBuilder body = new StringBuilder("{");
        int fields = 1 + random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append('"').append(pick(random, FIELDS)).append("\":").append(pick(random, JUNK_VALUES));
        }
        return body.append('}').toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
