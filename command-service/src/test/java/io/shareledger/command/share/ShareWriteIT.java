package io.shareledger.command.share;

import io.shareledger.api.share.RevokeShareCommand;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The share routes of the write API, and the saga that keeps every open share backed by consent. */
class ShareWriteIT extends IntegrationTest {

    @Autowired
    private CommandBus commandBus;

    @Test
    void offerAcceptAndRevoke() {
        Api.Member owner = consenting("SHARE_ITEMS");
        Api.Member recipient = consenting("RECEIVE_SHARES");

        Api.Response offer = api().offer(owner, recipient);
        assertThat(offer.status()).as(offer.body()).isEqualTo(201);
        assertThat(offer.header("Location")).isEqualTo("/api/v1/shares/" + offer.id());
        assertThat(offer.version()).isZero();

        Api.Response accept = api().post("/api/v1/shares/" + offer.id() + "/accept").token(recipient.token())
                .header("If-Match", "\"0\"").send();
        assertThat(accept.status()).isEqualTo(200);
        assertThat(accept.version()).isEqualTo(1);

        Api.Response revoke = api().post("/api/v1/shares/" + offer.id() + "/revoke").token(owner.token())
                .json("{\"reason\":\"Moved the file\"}").send();
        assertThat(revoke.status()).isEqualTo(200);
        assertThat(revoke.version()).isEqualTo(2);

        assertThat(StoredEvents.typesOf(offer.id()))
                .containsExactly("ShareOfferedEvent", "ShareAcceptedEvent", "ShareRevokedEvent");
        assertThat(StoredEvents.of(offer.id()).get(2).payload()).contains("\"reason\":\"OWNER\"");
    }

    @Test
    void declineEndsTheOffer() {
        Api.Member owner = consenting("SHARE_ITEMS");
        Api.Member recipient = consenting("RECEIVE_SHARES");
        Api.Response offer = api().offer(owner, recipient);

        Api.Response decline = api().post("/api/v1/shares/" + offer.id() + "/decline").token(recipient.token()).send();
        Api.Response lateAccept = api().post("/api/v1/shares/" + offer.id() + "/accept").token(recipient.token()).send();

        assertThat(decline.status()).isEqualTo(200);
        assertThat(lateAccept.status()).isEqualTo(422);
        assertThat(lateAccept.json().path("code").asText()).isEqualTo("share-not-offered");
        assertThat(StoredEvents.typesOf(offer.id())).containsExactly("ShareOfferedEvent", "ShareDeclinedEvent");
    }

    @Test
    void nothingIsOfferedWithoutBothConsents() {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());

        Api.Response noOwnerConsent = api().offer(owner, recipient);
        api().grant(owner, "SHARE_ITEMS");
        Api.Response noRecipientConsent = api().offer(owner, recipient);
        Api.Response unknownRecipient = api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + UUID.randomUUID() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\",\"permission\":\"VIEW\"}")
                .send();
        Api.Response toSelf = api().post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + owner.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\",\"permission\":\"VIEW\"}")
                .send();

        assertThat(noOwnerConsent.json().path("code").asText()).isEqualTo("owner-consent-missing");
        assertThat(noRecipientConsent.json().path("code").asText()).isEqualTo("recipient-cannot-receive");
        assertThat(unknownRecipient.json().path("code").asText()).isEqualTo("recipient-cannot-receive");
        assertThat(toSelf.json().path("code").asText()).isEqualTo("self-share");
        assertThat(noOwnerConsent.status()).isEqualTo(422);
        assertThat(noRecipientConsent.status()).isEqualTo(422);
    }

    @Test
    void withdrawingAConsentRevokesTheSharesThatDependOnItAndBlocksAcceptance() {
        Api.Member owner = consenting("SHARE_ITEMS");
        Api.Member recipient = api().register(issuer());
        String recipientConsent = api().grant(recipient, "RECEIVE_SHARES").id();
        Api.Response offered = api().offer(owner, recipient);
        Api.Response accepted = api().offer(owner, recipient);
        api().post("/api/v1/shares/" + accepted.id() + "/accept").token(recipient.token()).send();

        api().delete("/api/v1/members/" + recipient.id() + "/consents/" + recipientConsent).token(recipient.token()).send();

        Api.Response lateAccept = api().post("/api/v1/shares/" + offered.id() + "/accept").token(recipient.token()).send();
        assertThat(lateAccept.status()).isEqualTo(422);
        assertThat(lateAccept.json().path("code").asText()).isIn("consent-ended", "share-not-offered");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(StoredEvents.of(offered.id())).last().satisfies(e -> {
                assertThat(e.simpleType()).isEqualTo("ShareRevokedEvent");
                assertThat(e.payload()).contains("\"reason\":\"CONSENT_WITHDRAWN\"");
            });
            assertThat(StoredEvents.typesOf(accepted.id()))
                    .containsExactly("ShareOfferedEvent", "ShareAcceptedEvent", "ShareRevokedEvent");
        });
    }

    /**
     * The saga's revocation fails once (as when the database goes away for a moment): the event is
     * not skipped, the processor retries its batch, and the share ends revoked exactly once.
     */
    @Test
    void aRevocationThatFailsIsRetriedNotLost() {
        Api.Member owner = consenting("SHARE_ITEMS");
        Api.Member recipient = api().register(issuer());
        String recipientConsent = api().grant(recipient, "RECEIVE_SHARES").id();
        Api.Response share = api().offer(owner, recipient);
        AtomicInteger attempts = new AtomicInteger();
        Registration failingOnce = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof RevokeShareCommand revoke
                    && revoke.shareId().toString().equals(share.id()) && attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("the event store is unavailable");
            }
            return chain.proceed();
        });
        try {
            api().delete("/api/v1/members/" + recipient.id() + "/consents/" + recipientConsent).token(recipient.token()).send();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(StoredEvents.typesOf(share.id())).containsExactly("ShareOfferedEvent", "ShareRevokedEvent"));
            assertThat(attempts.get()).as("revocations attempted").isGreaterThanOrEqualTo(2);
        } finally {
            failingOnce.cancel();
        }
    }

    @Test
    void forgettingAMemberRevokesAllItsShares() {
        Api.Member owner = consenting("SHARE_ITEMS");
        Api.Member recipient = consenting("RECEIVE_SHARES");
        Api.Response share = api().offer(owner, recipient);

        Api.Response erasure = api().post("/api/v1/members/" + recipient.id() + "/erasure")
                .token(issuer().token("officer-" + UUID.randomUUID(), "privacy-officer")).send();
        assertThat(erasure.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(StoredEvents.of(share.id())).last().satisfies(e -> {
                    assertThat(e.simpleType()).isEqualTo("ShareRevokedEvent");
                    assertThat(e.payload()).contains("\"reason\":\"MEMBER_FORGOTTEN\"");
                }));
        assertThat(StoredEvents.typesOf(recipient.id())).last().isEqualTo("MemberForgottenEvent");
    }

    private Api.Member consenting(String purpose) {
        Api.Member member = api().register(issuer());
        assertThat(api().grant(member, purpose).status()).isEqualTo(201);
        return member;
    }
}
