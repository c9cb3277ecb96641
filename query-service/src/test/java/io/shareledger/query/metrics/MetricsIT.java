package io.shareledger.query.metrics;

import io.shareledger.api.ConsentId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import io.shareledger.testsupport.PrometheusText;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Feeds events (one of them unreadable), reads with read-your-writes waits that are met and one
 * that runs out, and reads {@code /actuator/prometheus} as an operator: every meter the query
 * service names in {@code infra/prometheus/metric-names.txt} is there, and the figures follow.
 */
class MetricsIT extends IntegrationTest {

    static final List<String> READ_MODELS = List.of("member-profiles", "member-consents", "shares", "member-history");

    @Test
    void theEndpointShowsEveryNamedMeterWithFiguresThatFollowTheScenario() throws IOException {
        PrometheusText before = scrape();
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        story.grant(owner, ConsentPurpose.SHARE_ITEMS);
        story.grant(recipient, ConsentPurpose.RECEIVE_SHARES);
        ShareId share = story.offer(owner, recipient);
        ShareId poisoned = ShareId.random();
        events().publishUnreadable(poisoned.toString(), story.reserve(poisoned.toString()),
                new ShareOfferedEvent(poisoned, owner.id(), recipient.id(), "doc:x", "A title", "a note",
                        SharePermission.VIEW, null, ConsentId.random(), ConsentId.random()));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api().get("/api/v1/members/me").token(owner.token()).send().status() == 200);
        // a wait that is met (the profile change becomes visible) and one that runs out (a version that never comes)
        long changed = story.publish(owner.id().toString(), new ProfileChangedEvent(owner.id(), "New Name", "new@example.org"));
        Api.Response fresh = api().get("/api/v1/members/" + owner.id() + "?minVersion=" + changed).token(owner.token()).send();
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("Projection-Stale")).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api().get("/api/v1/shares/" + share).token(owner.token()).send().status() == 200);
        Api.Response stale = api().get("/api/v1/members/" + owner.id() + "?minVersion=99").token(owner.token()).send();
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("Projection-Stale")).isEqualTo("true");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(now.sum("shareledger_dead_letters", "processing_group", "shares")).isGreaterThanOrEqualTo(1);
            for (String model : READ_MODELS) {
                assertThat(now.find("shareledger_read_model_lag_events", "read_model", model)).singleElement()
                        .satisfies(s -> assertThat(s.value()).as(model).isZero());
                assertThat(now.find("shareledger_read_model_lag_seconds", "read_model", model)).singleElement()
                        .satisfies(s -> assertThat(s.value()).as(model).isZero());
            }
        });
        PrometheusText after = scrape();
        Files.writeString(Path.of("target", "query-service.prom"), scrapeText());

        assertThat(after.names()).as("meters named in infra/prometheus/metric-names.txt")
                .containsAll(MetricNames.of("query"));
        String waits = "shareledger_read_your_writes_waits_seconds_count";
        assertThat(delta(before, after, waits, "outcome", "timeout")).isEqualTo(1);
        assertThat(delta(before, after, waits, "outcome", "reached") + delta(before, after, waits, "outcome", "immediate"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.sum("shareledger_read_your_writes_waits_seconds_sum", "outcome", "timeout"))
                .as("the wait that ran out lasted the bound (2 s in the tests)").isGreaterThanOrEqualTo(2.0);
        assertThat(delta(before, after, "shareledger_key_client_requests_seconds_count", "outcome", "key"))
                .as("the projections fetched the new members' keys").isPositive();
        assertThat(after.sum("shareledger_key_client_requests_seconds_count", "outcome", "error")).isZero();
        for (String model : READ_MODELS) {
            assertThat(after.find("shareledger_rebuild_running", "read_model", model)).singleElement()
                    .satisfies(s -> assertThat(s.value()).isZero());
            assertThat(delta(before, after, "eventProcessor_ingestedCounter_total", "processorName", model))
                    .as(model).isPositive();
        }
        assertThat(after.find("shareledger_rate_limit_rejections_total")).extracting(s -> s.labels().get("request_class"))
                .containsExactlyInAnyOrder("read", "write", "health");
        assertThat(after.sum("http_server_requests_seconds_count", "uri", "/api/v1/shares/{shareId}")).isPositive();
    }

    @Test
    void onlyAnOperatorMayReadTheEndpoint() {
        String member = issuer().memberToken("subject-" + UUID.randomUUID());
        for (Api.Response refused : List.of(api().get("/actuator/prometheus").token(member).send(),
                api().get("/actuator/prometheus").send())) {
            assertThat(refused.status()).isIn(401, 403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).doesNotContain("jvm_", "shareledger_");
        }
        assertThat(api().get("/actuator/prometheus").token(member).send().status()).isEqualTo(403);
        assertThat(api().get("/actuator/prometheus").send().status()).isEqualTo(401);
        assertThat(api().get("/actuator/prometheus").send().json().path("type").asText())
                .isEqualTo("urn:shareledger:problem:unauthorized");
        assertThat(api().get("/actuator/prometheus").token(member).send().json().path("type").asText())
                .isEqualTo("urn:shareledger:problem:forbidden");
    }

    /** Prometheus asks for OpenMetrics; an exemplar on a counter's _count would fail its whole scrape (2.42). */
    @Test
    void theOpenMetricsScrapeThatPrometheusAsksForCarriesNoExemplars() {
        // a request in a sampled trace, whose span an exemplar would name
        assertThat(api().get("/actuator/health").header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .send().status()).isEqualTo(200);
        Api.Response response = api().get("/actuator/prometheus").token(issuer().token("ops", "operator"))
                .header("Accept", "application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
                .send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/openmetrics-text");
        assertThat(response.body()).contains("http_server_requests_seconds_count").doesNotContain(" # {");
    }

    private String scrapeText() {
        Api.Response response = api().get("/actuator/prometheus").token(issuer().token("ops", "operator")).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        return response.body();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(scrapeText());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
