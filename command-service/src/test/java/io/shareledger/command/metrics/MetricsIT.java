package io.shareledger.command.metrics;

import io.shareledger.api.MemberId;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.testsupport.PrometheusText;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.shareledger.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs commands (accepted and rejected), key requests, and reads {@code /actuator/prometheus} as an
 * operator: every meter the command service names in {@code infra/prometheus/metric-names.txt} is
 * there, and the figures follow what was done.
 */
class MetricsIT extends IntegrationTest {

    static final String PUBLISHER = "__axon-kafka-event-publishing-group";
    static final String SAGA = "share-revocation";

    @Test
    void theEndpointShowsEveryNamedMeterWithFiguresThatFollowTheScenario() throws IOException {
        PrometheusText before = scrape();

        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);
        assertThat(api().offer(owner, recipient).status()).isEqualTo(201);
        // the recipient has no SHARE_ITEMS consent: the aggregate rejects the command
        assertThat(api().offer(recipient, owner).status()).isBetween(400, 499);
        assertThat(api().get("/internal/v1/data-keys/" + owner.id()).token(TestKeys.serviceToken()).send().status())
                .isEqualTo(200);
        assertThat(api().get("/internal/v1/data-keys/" + MemberId.random()).token(TestKeys.serviceToken()).send().status())
                .isEqualTo(404);

        PrometheusText after = scrape();
        Files.writeString(Path.of("target", "command-service.prom"), scrapeText());

        assertThat(after.find("shareledger_processor_lag_events")).as("lag is never negative")
                .isNotEmpty().allSatisfy(s -> assertThat(s.value()).isNotNegative());
        assertThat(after.names()).as("meters named in infra/prometheus/metric-names.txt")
                .containsAll(MetricNames.of("command"));

        String accepted = "commandBus_successTimer_seconds_count";
        assertThat(delta(before, after, accepted, "payloadType", "RegisterMemberCommand")).isEqualTo(2);
        assertThat(delta(before, after, accepted, "payloadType", "GrantConsentCommand")).isEqualTo(2);
        assertThat(delta(before, after, accepted, "payloadType", "OfferShareCommand")).isEqualTo(1);
        assertThat(delta(before, after, "commandBus_failureTimer_seconds_count", "payloadType", "OfferShareCommand"))
                .isEqualTo(1);
        assertThat(after.sum("commandBus_allTimer_seconds_sum", "payloadType", "OfferShareCommand"))
                .as("handling time is measured").isPositive();

        String served = "shareledger_key_service_requests_total";
        assertThat(delta(before, after, served, "operation", "one", "outcome", "key")).isEqualTo(1);
        assertThat(delta(before, after, served, "operation", "one", "outcome", "no-key")).isEqualTo(1);
        assertThat(after.find("shareledger_rate_limit_rejections_total")).extracting(s -> s.labels().get("request_class"))
                .containsExactlyInAnyOrder("write", "read", "internal", "health");
        assertThat(after.sum("http_server_requests_seconds_count", "uri", "/api/v1/members")).isGreaterThanOrEqualTo(2);
        assertThat(after.find("hikaricp_connections_max")).isNotEmpty();

        // the publisher and the saga: a lag of events and seconds that is never negative and returns
        // to 0 once they have caught up with the store's head
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText now = scrape();
            double head = now.sum("shareledger_event_store_head");
            assertThat(head).isGreaterThan(before.sum("shareledger_event_store_head"));
            for (String processor : List.of(PUBLISHER, SAGA)) {
                assertThat(now.find("shareledger_processor_lag_events", "processor", processor)).singleElement()
                        .satisfies(s -> assertThat(s.value()).isZero());
                assertThat(now.find("shareledger_processor_lag_seconds", "processor", processor)).singleElement()
                        .satisfies(s -> assertThat(s.value()).isZero());
                assertThat(now.sum("shareledger_processor_position", "processor", processor)).isEqualTo(head);
            }
        });
    }

    @Test
    void onlyAnOperatorMayReadTheEndpoint() {
        Api.Member member = api().register(issuer());
        assertProblem(api().get("/actuator/prometheus").token(member.token()).send(), 403, "forbidden");
        assertProblem(api().get("/actuator/prometheus").send(), 401, "unauthorized");
        assertProblem(api().get("/actuator/prometheus").token(TestKeys.serviceToken()).send(), 401, "unauthorized");
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
