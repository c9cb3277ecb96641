package io.shareledger.command.deadline;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry deadlines are kept in the database, not in memory: scheduled by one instance of the
 * service that is then shut down, they fire on time in the next one. The test runs on a database
 * of its own, so that no other running instance can fire them.
 */
class DeadlinesSurviveRestartIT {

    @Test
    void consentAndShareExpiryFireAfterARestart() {
        TestDatabase db = TestDatabase.get().fresh();
        TestIssuer issuer = TestIssuer.get();
        Instant expiry;
        Api.Member owner;
        Api.Member recipient;
        String dependentShare;
        String expiringShare;

        try (ServiceInstance first = ServiceInstance.start(db)) {
            Api api = first.api();
            expiry = Instant.now().plus(10, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
            owner = api.register(issuer);
            recipient = api.register(issuer);
            Api.Member steadyRecipient = api.register(issuer);
            assertThat(api.grant(steadyRecipient, "RECEIVE_SHARES").status()).isEqualTo(201);
            assertThat(api.grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
            Api.Response expiringConsent = api.post("/api/v1/members/" + recipient.id() + "/consents")
                    .token(recipient.token())
                    .json("{\"purpose\":\"RECEIVE_SHARES\",\"expiresAt\":\"" + expiry + "\"}").send();
            assertThat(expiringConsent.status()).isEqualTo(201);
            dependentShare = api.offer(owner, recipient).id();
            Api.Response offer = api.post("/api/v1/shares").token(owner.token())
                    .json("{\"recipientId\":\"" + steadyRecipient.id() + "\",\"itemRef\":\"doc:2\",\"itemTitle\":\"T\","
                            + "\"permission\":\"VIEW\",\"expiresAt\":\"" + expiry.minusSeconds(2) + "\"}").send();
            assertThat(offer.status()).isEqualTo(201);
            expiringShare = offer.id();
        }
        assertThat(Instant.now()).as("the first instance stopped before anything expired").isBefore(expiry.minusSeconds(2));

        try (ServiceInstance second = ServiceInstance.start(db)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(StoredEvents.of(db, recipient.id())).last()
                        .satisfies(e -> assertThat(e.simpleType()).isEqualTo("ConsentExpiredEvent"));
                assertThat(StoredEvents.of(db, expiringShare)).last()
                        .satisfies(e -> assertThat(e.simpleType()).isEqualTo("ShareExpiredEvent"));
                assertThat(StoredEvents.of(db, dependentShare)).last().satisfies(e -> {
                    assertThat(e.simpleType()).isEqualTo("ShareRevokedEvent");
                    assertThat(e.payload()).contains("\"reason\":\"CONSENT_EXPIRED\"");
                });
            });
        }
        assertThat(Instant.now()).as("fired no earlier than due").isAfter(expiry);
        assertThat(StoredEvents.of(db, recipient.id())).extracting(StoredEvents.StoredEvent::simpleType)
                .containsOnlyOnce("ConsentExpiredEvent");
    }
}
