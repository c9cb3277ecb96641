package io.shareledger.command.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.PrometheusText;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.shareledger.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-service instances on one database, with low limits that do not refill during the
 * test and every consumption on the shared row: together they allow each caller exactly the limit,
 * counted by token subject, or by client address without a token.
 */
class RateLimitIT {

    private static final int WRITE_LIMIT = 10;
    private static final int INTERNAL_LIMIT = 3;
    private static final int HEALTH_LIMIT = 5;

    private static ServiceInstance first;
    private static ServiceInstance second;

    @BeforeAll
    static void startTwoInstances() {
        TestDatabase db = TestDatabase.get().fresh();
        String[] limits = {
                "--shareledger.rate-limit.write.capacity=" + WRITE_LIMIT,
                "--shareledger.rate-limit.write.refill-tokens=1",
                "--shareledger.rate-limit.write.refill-period=1h",
                "--shareledger.rate-limit.internal.capacity=" + INTERNAL_LIMIT,
                "--shareledger.rate-limit.internal.refill-tokens=1",
                "--shareledger.rate-limit.internal.refill-period=1h",
                "--shareledger.rate-limit.health.capacity=" + HEALTH_LIMIT,
                "--shareledger.rate-limit.health.refill-tokens=1",
                "--shareledger.rate-limit.health.refill-period=1h",
                // every consumption on the shared row, so that the instances count together exactly;
                // the default (a copy per instance, synchronised every tenth of the capacity) is RateLimitSyncIT's
                "--shareledger.rate-limit.sync.capacity-share=0"};
        first = ServiceInstance.start(db, limits);
        second = ServiceInstance.start(db, limits);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void twoInstancesTogetherAllowOneSubjectNoMoreThanTheWriteLimit() {
        Api.Member member = first.api().register(TestIssuer.get());
        double rejectedBefore = writeRejections(first) + writeRejections(second);
        List<Api.Response> responses = new ArrayList<>();
        for (int i = 0; i < 2 * WRITE_LIMIT; i++) {
            Api api = (i % 2 == 0 ? second : first).api();
            responses.add(api.put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                    .json("{\"displayName\":\"Name " + i + "\",\"email\":\"a@example.org\"}").send());
        }

        List<Api.Response> accepted = responses.stream().filter(r -> r.status() != 429).toList();
        assertThat(accepted).as("the registration took one of the limit").hasSize(WRITE_LIMIT - 1);
        assertThat(accepted).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        // one bucket for both instances: the remaining count goes down across them
        assertThat(accepted.stream().map(r -> r.header(RateLimitFilter.REMAINING)).toList())
                .containsExactly("8", "7", "6", "5", "4", "3", "2", "1", "0");
        assertThat(responses.subList(WRITE_LIMIT - 1, responses.size()))
                .allSatisfy(r -> assertRateLimited(r, WRITE_LIMIT, member.subject()));
        assertThat(writeRejections(first) + writeRejections(second) - rejectedBefore)
                .as("every 429 counted in shareledger_rate_limit_rejections_total{request_class=\"write\"}")
                .isEqualTo(responses.size() - accepted.size());

        // reads have a bucket of their own
        Api.Response read = first.api().get("/api/v1/members/" + member.id() + "/export").token(member.token()).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(Long.parseLong(read.header(RateLimitFilter.LIMIT))).isGreaterThan(WRITE_LIMIT);
    }

    @Test
    void anotherSubjectIsNotAffected() {
        Api.Member busy = first.api().register(TestIssuer.get());
        for (int i = 0; i < WRITE_LIMIT; i++) {
            second.api().put("/api/v1/members/" + busy.id() + "/profile").token(busy.token())
                    .json("{\"displayName\":\"Busy\",\"email\":\"a@example.org\"}").send();
        }
        assertThat(first.api().put("/api/v1/members/" + busy.id() + "/profile").token(busy.token())
                .json("{\"displayName\":\"Busy\",\"email\":\"a@example.org\"}").send().status()).isEqualTo(429);

        Api.Member other = second.api().register(TestIssuer.get());
        Api.Response response = first.api().put("/api/v1/members/" + other.id() + "/profile").token(other.token())
                .json("{\"displayName\":\"Other\",\"email\":\"b@example.org\"}").send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header(RateLimitFilter.REMAINING)).isEqualTo(Integer.toString(WRITE_LIMIT - 2));
    }

    @Test
    void anAnonymousClientIsLimitedByItsAddress() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < WRITE_LIMIT + 4; i++) {
            Api.Response response = (i % 2 == 0 ? first : second).api().post("/api/v1/members")
                    .json("{\"handle\":\"anonymous\",\"displayName\":\"A\",\"email\":\"a@example.org\"}").send();
            statuses.add(response.status());
            if (response.status() == 429) {
                assertRateLimited(response, WRITE_LIMIT, null);
            }
        }
        assertThat(statuses.subList(0, WRITE_LIMIT)).containsOnly(401);
        assertThat(statuses.subList(WRITE_LIMIT, statuses.size())).containsOnly(429);
    }

    @Test
    void theInternalKeyEndpointHasALimitOfItsOwn() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < INTERNAL_LIMIT + 2; i++) {
            statuses.add((i % 2 == 0 ? first : second).api().get("/internal/v1/data-keys/" + UUID.randomUUID())
                    .token(TestKeys.serviceToken()).send().status());
        }
        assertThat(statuses.subList(0, INTERNAL_LIMIT)).doesNotContain(429);
        assertThat(statuses.subList(INTERNAL_LIMIT, statuses.size())).containsOnly(429);
    }

    /** Health is counted on each instance, in memory: the database is not on its path. */
    @Test
    void healthIsLimitedPerAddressOnEachInstance() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < HEALTH_LIMIT + 1; i++) {
            statuses.add(first.api().get("/actuator/health/liveness").send().status());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(second.api().get("/actuator/health/liveness").send().status()).isEqualTo(200);
    }

    /** The write rejections an instance counted, read from its /actuator/prometheus as an operator. */
    private static double writeRejections(ServiceInstance instance) {
        Api.Response scrape = instance.api().get("/actuator/prometheus").token(TestIssuer.get().token("ops", "operator")).send();
        assertThat(scrape.status()).isEqualTo(200);
        return PrometheusText.parse(scrape.body()).sum("shareledger_rate_limit_rejections_total", "request_class", "write");
    }

    private static void assertRateLimited(Api.Response response, long limit, String subject) {
        JsonNode problem = assertProblem(response, 429, "rate-limited");
        assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
        assertThat(response.header(RateLimitFilter.LIMIT)).isEqualTo(Long.toString(limit));
        assertThat(response.header(RateLimitFilter.REMAINING)).isEqualTo("0");
        assertThat(Long.parseLong(response.header(RateLimitFilter.RESET))).isPositive();
        if (subject != null) {
            assertThat(response.body()).doesNotContain(subject);
            assertThat(response.raw().headers().map().toString()).doesNotContain(subject);
        }
        assertThat(problem.path("detail").asText()).isNotBlank();
    }
}
