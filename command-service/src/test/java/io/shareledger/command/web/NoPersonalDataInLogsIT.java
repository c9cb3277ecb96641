package io.shareledger.command.web;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.Canary;
import io.shareledger.testsupport.RawHttp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plants unique personal values in every kind of write, failing ones included, lets the saga
 * revoke a share, sends requests Tomcat cannot parse that hold them, and checks that none of the
 * values reaches the log output, an error body or the metrics ({@code /actuator/prometheus}, where
 * neither the members' ids nor the token may appear either).
 */
@ExtendWith(OutputCaptureExtension.class)
class NoPersonalDataInLogsIT extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void personalValuesNeverReachTheLogsOrErrorBodies(CapturedOutput output) {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        String subject = "subject-" + canary;
        String name = "Name " + canary;
        String email = canary + "@example.org";
        String title = "Title " + canary;
        String note = "Note " + canary;
        String reason = "Reason " + canary;
        String token = issuer().memberToken(subject);
        String handle = "c_" + canary.substring(6, 26);
        String registration = "{\"handle\":\"" + handle + "\",\"displayName\":\"" + name + "\",\"email\":\"" + email + "\"}";

        Api.Response registered = api().post("/api/v1/members").token(token).json(registration).send();
        assertThat(registered.status()).isEqualTo(201);
        Api.Member owner = new Api.Member(subject, token, registered.id(), handle);
        Api.Member recipient = api().register(issuer());
        String offer = "{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:9\",\"itemTitle\":\"" + title
                + "\",\"note\":\"" + note + "\",\"permission\":\"VIEW\"}";

        List<Api.Response> failures = new ArrayList<>();
        failures.add(api().post("/api/v1/members").token(token).json(registration).send());
        failures.add(api().put("/api/v1/members/" + owner.id() + "/profile").token(token)
                .json("{\"displayName\":\"" + name + "\",\"email\":\"not-an-email " + email + "\"}").send());
        failures.add(api().put("/api/v1/members/" + owner.id() + "/profile").token(token)
                .json("{\"displayName\":\"" + name + "\",\"email\":\"" + email + "\",\"extra\":\"" + canary + "\"}").send());
        failures.add(api().post("/api/v1/shares").token(token).json(offer).send());

        String ownerConsent = api().grant(owner, "SHARE_ITEMS").id();
        api().grant(recipient, "RECEIVE_SHARES");
        Api.Response share = api().post("/api/v1/shares").token(token).json(offer).send();
        assertThat(share.status()).isEqualTo(201);
        failures.add(api().post("/api/v1/shares/" + share.id() + "/revoke").token(recipient.token())
                .json("{\"reason\":\"" + reason + "\"}").send());
        api().delete("/api/v1/members/" + owner.id() + "/consents/" + ownerConsent).token(token).send();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> StoredEvents.typesOf(share.id()).contains("ShareRevokedEvent"));

        assertThat(failures).extracting(Api.Response::status).allMatch(status -> status >= 400 && status < 500);
        assertThat(failures).extracting(Api.Response::body).noneMatch(body -> body.contains(canary));
        // requests Tomcat cannot parse, which it would log with the offending line
        List<RawHttp.Answer> unparsable = List.of(
                RawHttp.send(port, "GET /api/v1/members/me HTTP/1.1", null, "X-" + canary + " Name: " + canary),
                RawHttp.send(port, "GET /api/v1/members/me HTTP/1.1", null, "X-Note: a\u0001" + canary),
                RawHttp.send(port, "GET /api/v1/" + canary + "{} HTTP/1.1", null));
        assertThat(unparsable).extracting(RawHttp.Answer::status).containsOnly(400);
        assertThat(unparsable).extracting(RawHttp.Answer::body).noneMatch(body -> body.contains(canary));
        String probe = "capture-probe-" + UUID.randomUUID();
        LoggerFactory.getLogger(NoPersonalDataInLogsIT.class).warn(probe);
        assertThat(output.getAll()).as("the capture sees the service's log").contains(probe);
        assertThat(output.getAll()).as("log output").doesNotContain(canary);

        // positive control: a tag planted in the service's own registry is found by the same scan
        Canary planted = Canary.random("metric-canary-");
        Gauge control = Gauge.builder("shareledger.scan.control", () -> 1).tag("planted", planted.value()).register(meters);
        try {
            assertThat(planted.foundIn(metrics())).as("the scan sees the exposed metrics").isNotEmpty();
        } finally {
            meters.remove(control);
        }
        String metrics = metrics();
        assertThat(planted.foundIn(metrics)).isEmpty();
        for (String value : List.of(canary, owner.id(), recipient.id(), share.id(), ownerConsent, subject, token)) {
            assertThat(Canary.of(value).foundIn(metrics)).as("forms of %s in the metrics", value).isEmpty();
        }
    }

    private String metrics() {
        Api.Response scrape = api().get("/actuator/prometheus").token(issuer().token("ops", "operator")).send();
        assertThat(scrape.status()).isEqualTo(200);
        return scrape.body();
    }
}
