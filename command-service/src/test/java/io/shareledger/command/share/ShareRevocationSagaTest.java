package io.shareledger.command.share;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.RevokeShareCommand;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.command.member.MemberDirectory;
import io.shareledger.command.support.InMemoryMemberDirectory;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static io.shareledger.api.member.ConsentPurpose.RECEIVE_SHARES;
import static io.shareledger.api.member.ConsentPurpose.SHARE_ITEMS;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ShareRevocationSagaTest {

    private static final Instant NOW = Instant.parse("2030-03-01T09:00:00Z");

    private static final ShareId SHARE = new ShareId(UUID.fromString("00000000-0000-4000-8000-000000000051"));
    private static final MemberId OWNER = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000a"));
    private static final MemberId RECIPIENT = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000b"));
    private static final MemberId STRANGER = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000c"));
    private static final ConsentId OWNER_CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000ca"));
    private static final ConsentId RECIPIENT_CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000cb"));
    private static final ConsentId UNRELATED_CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000cc"));

    private SagaTestFixture<ShareRevocationSaga> fixture;
    private InMemoryMemberDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new InMemoryMemberDirectory()
                .register(OWNER, "idp|owner", "owner")
                .register(RECIPIENT, "idp|recipient", "recipient")
                .register(STRANGER, "idp|stranger", "stranger")
                .grant(OWNER, OWNER_CONSENT, SHARE_ITEMS, null)
                .grant(RECIPIENT, RECIPIENT_CONSENT, RECEIVE_SHARES, null);
        fixture = new SagaTestFixture<>(ShareRevocationSaga.class);
        fixture.registerResource(directory);
        fixture.registerResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ShareOfferedEvent offered() {
        return new ShareOfferedEvent(SHARE, OWNER, RECIPIENT, "photo:42", "Holiday photo", null,
                SharePermission.VIEW, null, OWNER_CONSENT, RECIPIENT_CONSENT);
    }

    private static RevokeShareCommand revocation(RevocationReason reason) {
        return new RevokeShareCommand(SHARE, null, reason, null, null);
    }

    static Stream<Arguments> consentsOfTheShare() {
        return Stream.of(
                arguments("owner's consent", OWNER_CONSENT),
                arguments("recipient's consent", RECIPIENT_CONSENT));
    }

    static Stream<Arguments> consentEndingsOfTheShare() {
        return Stream.of(
                arguments("owner's consent", OWNER, OWNER_CONSENT, SHARE_ITEMS),
                arguments("recipient's consent", RECIPIENT, RECIPIENT_CONSENT, RECEIVE_SHARES));
    }

    static Stream<Arguments> partiesOfTheShare() {
        return Stream.of(arguments("owner", OWNER), arguments("recipient", RECIPIENT));
    }

    @Test
    void startsOnAnOfferAndFollowsTheShareItsConsentsAndItsParties() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(offered())
                .expectActiveSagas(1)
                .expectAssociationWith("shareId", SHARE)
                .expectAssociationWith("consentId", OWNER_CONSENT)
                .expectAssociationWith("consentId", RECIPIENT_CONSENT)
                .expectAssociationWith("memberId", OWNER)
                .expectAssociationWith("memberId", RECIPIENT)
                .expectNoDispatchedCommands();
    }

    /**
     * The recipient is forgotten while the saga checks the offer: the member directory ends the
     * member and its consents in one transaction, but each of the saga's reads sees what is
     * committed at that moment. Whatever the read after which the forgetting commits, the share is
     * never revoked for a consent withdrawal (it is revoked as forgotten at once, or, if all reads
     * came before, when MemberForgottenEvent arrives).
     */
    @ParameterizedTest(name = "forgotten after {0} of the directory reads")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aForgettingDuringTheChecksIsNotTakenForAWithdrawal(int readsBefore) {
        MemberDirectory forgettingMidway = new ForgettingAfter(directory, readsBefore, RECIPIENT);
        SagaTestFixture<ShareRevocationSaga> racing = new SagaTestFixture<>(ShareRevocationSaga.class);
        racing.registerResource(forgettingMidway);
        racing.registerResource(Clock.fixed(NOW, ZoneOffset.UTC));

        var result = racing.givenNoPriorActivity().whenPublishingA(offered());

        if (readsBefore < 4) {
            result.expectDispatchedCommands(revocation(RevocationReason.MEMBER_FORGOTTEN));
        } else {
            result.expectNoDispatchedCommands();
        }
    }

    /** A directory in which a member is forgotten (committed) after the first {@code reads} reads. */
    private static final class ForgettingAfter implements MemberDirectory {
        private final InMemoryMemberDirectory directory;
        private final MemberId member;
        private int readsLeft;

        ForgettingAfter(InMemoryMemberDirectory directory, int reads, MemberId member) {
            this.directory = directory;
            this.readsLeft = reads;
            this.member = member;
        }

        private InMemoryMemberDirectory read() {
            if (readsLeft-- == 0) {
                directory.forget(member);
            }
            return directory;
        }

        @Override
        public boolean isHandleTaken(String handle) {
            return read().isHandleTaken(handle);
        }

        @Override
        public Optional<MemberId> memberOfSubject(String subject) {
            return read().memberOfSubject(subject);
        }

        @Override
        public boolean isLive(MemberId memberId) {
            return read().isLive(memberId);
        }

        @Override
        public Optional<ConsentId> activeConsent(MemberId memberId, ConsentPurpose purpose, Instant now) {
            return read().activeConsent(memberId, purpose, now);
        }

        @Override
        public boolean isConsentActive(ConsentId consentId, Instant now) {
            return read().isConsentActive(consentId, now);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consentsOfTheShare")
    void revokesAtOnceWhenAConsentEndedBeforeTheOfferWasSeen(String which, ConsentId consent) {
        // the withdrawal was stored before the offer, so this saga will never see its event
        directory.withdraw(consent);

        fixture.givenNoPriorActivity()
                .whenPublishingA(offered())
                .expectDispatchedCommands(revocation(RevocationReason.CONSENT_WITHDRAWN))
                .expectActiveSagas(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partiesOfTheShare")
    void revokesAtOnceWhenAPartyWasForgottenBeforeTheOfferWasSeen(String which, MemberId party) {
        // forgetting also ends the party's consents; the reason must still name the erasure
        directory.forget(party);

        fixture.givenNoPriorActivity()
                .whenPublishingA(offered())
                .expectDispatchedCommands(revocation(RevocationReason.MEMBER_FORGOTTEN))
                .expectActiveSagas(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consentEndingsOfTheShare")
    void revokesWhenAConsentOfTheShareIsWithdrawn(String which, MemberId member, ConsentId consent,
                                                  ConsentPurpose purpose) {
        fixture.givenAPublished(offered())
                .whenPublishingA(new ConsentWithdrawnEvent(member, consent, purpose))
                .expectDispatchedCommands(revocation(RevocationReason.CONSENT_WITHDRAWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consentEndingsOfTheShare")
    void revokesWhenAConsentOfTheShareExpires(String which, MemberId member, ConsentId consent,
                                              ConsentPurpose purpose) {
        fixture.givenAPublished(offered())
                .whenPublishingA(new ConsentExpiredEvent(member, consent, purpose))
                .expectDispatchedCommands(revocation(RevocationReason.CONSENT_EXPIRED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partiesOfTheShare")
    void revokesWhenAPartyIsForgotten(String which, MemberId party) {
        fixture.givenAPublished(offered())
                .whenPublishingA(new MemberForgottenEvent(party, ErasureRequester.PRIVACY_OFFICER))
                .expectDispatchedCommands(revocation(RevocationReason.MEMBER_FORGOTTEN));
    }

    @Test
    void keepsWatchingAnAcceptedShare() {
        fixture.givenAPublished(offered())
                .andThenAPublished(new ShareAcceptedEvent(SHARE, OWNER, RECIPIENT))
                .whenPublishingA(new ConsentWithdrawnEvent(RECIPIENT, RECIPIENT_CONSENT, RECEIVE_SHARES))
                .expectActiveSagas(1)
                .expectDispatchedCommands(revocation(RevocationReason.CONSENT_WITHDRAWN));
    }

    static Stream<Arguments> unrelatedEvents() {
        return Stream.of(
                // the owner's other consent: the share follows consents, not their holders
                arguments("another consent of the owner withdrawn",
                        new ConsentWithdrawnEvent(OWNER, UNRELATED_CONSENT, SHARE_ITEMS)),
                arguments("another consent of the owner expired",
                        new ConsentExpiredEvent(OWNER, UNRELATED_CONSENT, SHARE_ITEMS)),
                arguments("a stranger forgotten",
                        new MemberForgottenEvent(STRANGER, ErasureRequester.SELF)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unrelatedEvents")
    void ignoresConsentsAndMembersTheShareDoesNotDependOn(String situation, Object event) {
        fixture.givenAPublished(offered())
                .whenPublishingA(event)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void toleratesTheRejectionOfAShareThatEndedMeanwhile() {
        fixture.setCallbackBehavior((command, metaData) -> {
            throw new ShareRejections.AlreadyClosed();
        });

        fixture.givenAPublished(offered())
                .whenPublishingA(new ConsentWithdrawnEvent(OWNER, OWNER_CONSENT, SHARE_ITEMS))
                .expectDispatchedCommands(revocation(RevocationReason.CONSENT_WITHDRAWN))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void failsTheEventWhenARevocationFailsForAnyOtherReasonSoThatItIsRetried() {
        fixture.setCallbackBehavior((command, metaData) -> {
            throw new IllegalStateException("the event store is unavailable");
        });

        var result = fixture.givenAPublished(offered())
                .whenPublishingA(new ConsentWithdrawnEvent(OWNER, OWNER_CONSENT, SHARE_ITEMS))
                .expectDispatchedCommands(revocation(RevocationReason.CONSENT_WITHDRAWN));
        org.assertj.core.api.Assertions.assertThatThrownBy(result::expectSuccessfulHandlerExecution)
                .isInstanceOf(org.axonframework.test.AxonAssertionError.class);
    }

    static Stream<Arguments> closingEvents() {
        return Stream.of(
                arguments("declined", new ShareDeclinedEvent(SHARE, OWNER, RECIPIENT)),
                arguments("revoked", new ShareRevokedEvent(SHARE, OWNER, RECIPIENT, RevocationReason.OWNER, null)),
                arguments("expired", new ShareExpiredEvent(SHARE, OWNER, RECIPIENT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closingEvents")
    void endsWhenTheShareCloses(String situation, Object closure) {
        fixture.givenAPublished(offered())
                .whenPublishingA(closure)
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closingEvents")
    void revokesNothingAfterTheShareClosed(String situation, Object closure) {
        fixture.givenAPublished(offered())
                .andThenAPublished(closure)
                .whenPublishingA(new ConsentWithdrawnEvent(OWNER, OWNER_CONSENT, SHARE_ITEMS))
                .expectNoDispatchedCommands();
    }
}
