package io.shareledger.query.web;

import io.shareledger.api.ConsentId;
import io.shareledger.api.ShareId;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class NoPersonalDataInLogsIT extends IntegrationTest {

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
    }
}
