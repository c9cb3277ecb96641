package io.shareledger.query.web;

import io.shareledger.api.ConsentId;
import io.shareledger.api.ShareId;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import io.shareledger.testsupport.Canary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class NoPersonalDataInLogsIT extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void projectingParkingAndRefusingLogNoPersonalValue(CapturedOutput output) {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        ShareId poisoned = ShareId.random();
        String secretTitle = "secret-title-" + poisoned;
        events().publishUnreadable(poisoned.toString(), story.reserve(poisoned.toString()),
                new ShareOfferedEvent(poisoned, owner.id(), recipient.id(), "doc:x", secretTitle, "secret note",
                        SharePermission.VIEW, null, ConsentId.random(), ConsentId.random()));
        ShareId share = story.offer(owner, recipient, secretTitle, java.time.Instant.now());
        assertThat(api().get("/api/v1/shares/" + share + "?minVersion=0").token(owner.token()).send().status())
                .isEqualTo(200);
        String operator = issuer().token("ops", "operator");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api().get("/admin/dead-letters").token(operator).send().body().contains(poisoned.toString()));

        Api.Response refused = api().get("/api/v1/shares/" + owner.handle() + "@example.org").token(owner.token()).send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain(owner.handle());

        // positive control: the capture does see the service's log
        LoggerFactory.getLogger(NoPersonalDataInLogsIT.class).info("capture-check {}", poisoned);
        assertThat(output.getAll()).contains("capture-check " + poisoned);
        assertThat(output.getAll()).doesNotContain(owner.subject(), owner.handle(), secretTitle, "secret note");

        // the metrics (/actuator/prometheus) name no personal value, member, share or token either;
        // positive control: a tag planted in the service's own registry is found by the same scan
        Canary planted = Canary.random("metric-canary-");
        Gauge control = Gauge.builder("shareledger.scan.control", () -> 1).tag("planted", planted.value()).register(meters);
        try {
            assertThat(planted.foundIn(metrics(operator))).as("the scan sees the exposed metrics").isNotEmpty();
        } finally {
            meters.remove(control);
        }
        String metrics = metrics(operator);
        assertThat(planted.foundIn(metrics)).isEmpty();
        for (String value : List.of(owner.subject(), owner.handle(), secretTitle, "secret note", owner.id().toString(),
                recipient.id().toString(), share.toString(), poisoned.toString(), owner.token(), operator)) {
            assertThat(Canary.of(value).foundIn(metrics)).as("forms of %s in the metrics", value).isEmpty();
        }
    }

    private String metrics(String operator) {
        Api.Response scrape = api().get("/actuator/prometheus").token(operator).send();
        assertThat(scrape.status()).isEqualTo(200);
        return scrape.body();
    }
}
