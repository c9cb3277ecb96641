package io.shareledger.query.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.StandaloneService;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.PrometheusText;
import io.shareledger.testsupport.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two query-service instances on one database with a low read limit that does not refill during
 * the test and every consumption on the shared row: together they allow each caller exactly the
 * limit, then answer 429 problem+json.
 */
class RateLimitIT {

    private static final int READ_LIMIT = 6;

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        TestDatabase db = TestDatabase.get().fresh();
        String[] limits = {
                "--shareledger.rate-limit.read.capacity=" + READ_LIMIT,
                "--shareledger.rate-limit.read.refill-tokens=1",
                "--shareledger.rate-limit.read.refill-period=1h",
                // every consumption on the shared row, so that the instances count together exactly
                // (the default synchronises each instance's copy every tenth of the capacity: ADR 0021)
                "--shareledger.rate-limit.sync.capacity-share=0"};
        first = StandaloneService.start(db, limits);
        second = StandaloneService.start(db, limits);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void twoInstancesTogetherAllowOneSubjectNoMoreThanTheReadLimit() {
        String subject = "subject-" + UUID.randomUUID();
        String token = TestIssuer.get().memberToken(subject);
        double rejectedBefore = readRejections(first) + readRejections(second);
        List<Api.Response> responses = new ArrayList<>();
        for (int i = 0; i < 2 * READ_LIMIT; i++) {
            responses.add(api(i % 2 == 0 ? first : second).get("/api/v1/members/" + UUID.randomUUID()).token(token).send());
        }

        List<Api.Response> accepted = responses.subList(0, READ_LIMIT);
        assertThat(accepted).allSatisfy(r -> assertThat(r.status()).isNotEqualTo(429));
        assertThat(accepted.stream().map(r -> r.header(RateLimitFilter.REMAINING)).toList())
                .containsExactly("5", "4", "3", "2", "1", "0");
        assertThat(responses.subList(READ_LIMIT, responses.size()))
                .allSatisfy(r -> assertRateLimited(r, subject));
        assertThat(readRejections(first) + readRejections(second) - rejectedBefore)
                .as("every 429 counted in shareledger_rate_limit_rejections_total{request_class=\"read\"}")
                .isEqualTo(READ_LIMIT);

        String other = TestIssuer.get().memberToken("subject-" + UUID.randomUUID());
        Api.Response response = api(first).get("/api/v1/members/" + UUID.randomUUID()).token(other).send();
        assertThat(response.status()).isNotEqualTo(429);
        assertThat(response.header(RateLimitFilter.REMAINING)).isEqualTo(Integer.toString(READ_LIMIT - 1));
    }

    @Test
    void anAnonymousClientIsLimitedByItsAddress() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < READ_LIMIT + 2; i++) {
            Api.Response response = api(i % 2 == 0 ? second : first).get("/api/v1/shares").send();
            statuses.add(response.status());
            if (response.status() == 429) {
                assertRateLimited(response, null);
            }
        }
        assertThat(statuses.subList(0, READ_LIMIT)).containsOnly(401);
        assertThat(statuses.subList(READ_LIMIT, statuses.size())).containsOnly(429);
    }

    /** The read rejections an instance counted, read from its /actuator/prometheus by an operator with a bucket of its own. */
    private static double readRejections(ConfigurableApplicationContext instance) {
        Api.Response scrape = api(instance).get("/actuator/prometheus")
                .token(TestIssuer.get().token("ops-" + UUID.randomUUID(), "operator")).send();
        assertThat(scrape.status()).isEqualTo(200);
        return PrometheusText.parse(scrape.body()).sum("shareledger_rate_limit_rejections_total", "request_class", "read");
    }

    private static void assertRateLimited(Api.Response response, String subject) {
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asText()).isEqualTo("urn:shareledger:problem:rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
        assertThat(response.header(RateLimitFilter.LIMIT)).isEqualTo(Integer.toString(READ_LIMIT));
        assertThat(response.header(RateLimitFilter.REMAINING)).isEqualTo("0");
        assertThat(Long.parseLong(response.header(RateLimitFilter.RESET))).isPositive();
        if (subject != null) {
            assertThat(response.body()).doesNotContain(subject);
            assertThat(response.raw().headers().map().toString()).doesNotContain(subject);
        }
    }

    private static Api api(ConfigurableApplicationContext context) {
        return StandaloneService.api(context);
    }
}
