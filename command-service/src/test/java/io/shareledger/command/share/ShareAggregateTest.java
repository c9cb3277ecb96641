package io.shareledger.command.share;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.share.AcceptShareCommand;
import io.shareledger.api.share.DeclineShareCommand;
import io.shareledger.api.share.OfferShareCommand;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.RevokeShareCommand;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.command.support.InMemoryMemberDirectory;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.shareledger.api.member.ConsentPurpose.RECEIVE_SHARES;
import static io.shareledger.api.member.ConsentPurpose.SHARE_ITEMS;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ShareAggregateTest {

    private static final Instant NOW = Instant.parse("2030-03-01T09:00:00Z");
    private static final Instant EXPIRY = NOW.plus(Duration.ofDays(7));

    private static final ShareId SHARE = new ShareId(UUID.fromString("00000000-0000-4000-8000-000000000051"));
    private static final MemberId OWNER = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000a"));
    private static final MemberId RECIPIENT = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000b"));
    private static final MemberId STRANGER = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000c"));
    private static final ConsentId OWNER_CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000ca"));
    private static final ConsentId RECIPIENT_CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000cb"));
    private static final ConsentId LATER_CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000cc"));

    private AggregateTestFixture<ShareAggregate> fixture;
    private InMemoryMemberDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new InMemoryMemberDirectory()
                .register(OWNER, "idp|owner", "owner")
                .register(RECIPIENT, "idp|recipient", "recipient")
                .register(STRANGER, "idp|stranger", "stranger")
                .grant(OWNER, OWNER_CONSENT, SHARE_ITEMS, null)
                .grant(RECIPIENT, RECIPIENT_CONSENT, RECEIVE_SHARES, null);
        fixture = new AggregateTestFixture<>(ShareAggregate.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Starts the deadline manager at the same instant as the injected clock, so both agree on "now". */
    private TestExecutor<ShareAggregate> given(Object... events) {
        return fixture.givenCurrentTime(NOW).andGiven(events);
    }

    private TestExecutor<ShareAggregate> givenCommands(Object... commands) {
        return fixture.givenCurrentTime(NOW).andGivenCommands(commands);
    }

    private static OfferShareCommand offer(MemberId recipient, Instant expiresAt) {
        return new OfferShareCommand(SHARE, OWNER, recipient, "photo:42", "Holiday photo", "For you",
                SharePermission.VIEW, expiresAt);
    }

    private static ShareOfferedEvent offered(Instant expiresAt) {
        return new ShareOfferedEvent(SHARE, OWNER, RECIPIENT, "photo:42", "Holiday photo", "For you",
                SharePermission.VIEW, expiresAt, OWNER_CONSENT, RECIPIENT_CONSENT);
    }

    private static ShareOfferedEvent offered() {
        return offered(null);
    }

    private static AcceptShareCommand accept(MemberId actor) {
        return new AcceptShareCommand(SHARE, actor, null);
    }

    private static DeclineShareCommand decline(MemberId actor) {
        return new DeclineShareCommand(SHARE, actor, null);
    }

    private static RevokeShareCommand revokeByOwner(MemberId actor, String explanation) {
        return new RevokeShareCommand(SHARE, actor, RevocationReason.OWNER, explanation, null);
    }

    private static ShareAcceptedEvent accepted() {
        return new ShareAcceptedEvent(SHARE, OWNER, RECIPIENT);
    }

    private static ShareDeclinedEvent declined() {
        return new ShareDeclinedEvent(SHARE, OWNER, RECIPIENT);
    }

    private static ShareRevokedEvent revoked(RevocationReason reason, String explanation) {
        return new ShareRevokedEvent(SHARE, OWNER, RECIPIENT, reason, explanation);
    }

    private static ShareExpiredEvent expired() {
        return new ShareExpiredEvent(SHARE, OWNER, RECIPIENT);
    }

    /** Every way a share stops being open. */
    static Stream<Arguments> closingEvents() {
        return Stream.of(
                arguments("declined", declined()),
                arguments("revoked by the owner", revoked(RevocationReason.OWNER, null)),
                arguments("revoked by the system", revoked(RevocationReason.CONSENT_WITHDRAWN, null)),
                arguments("expired", expired()));
    }

    /** Every way a share stops waiting for the recipient's answer. */
    static Stream<Arguments> answeredOrClosedEvents() {
        return Stream.concat(Stream.of(arguments("accepted", accepted())), closingEvents());
    }

    @Test
    void offerRecordsTheConsentsOfBothPartiesItReliesOn() {
        given()
                .when(offer(RECIPIENT, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(offered())
                .expectNoScheduledDeadlines();
    }

    @Test
    void offerWithExpirySchedulesTheShareExpiry() {
        given()
                .when(offer(RECIPIENT, EXPIRY))
                .expectEvents(offered(EXPIRY))
                .expectScheduledDeadlineWithName(EXPIRY, ShareAggregate.SHARE_EXPIRY);
    }

    @Test
    void offerToOneselfIsRejected() {
        // the owner could receive, so only the self-share rule stands in the way
        directory.grant(OWNER, LATER_CONSENT, RECEIVE_SHARES, null);

        given()
                .when(new OfferShareCommand(SHARE, OWNER, OWNER, "photo:42", "Holiday photo", null,
                        SharePermission.VIEW, null))
                .expectException(ShareRejections.SelfShare.class)
                .expectNoEvents();
    }

    @Test
    void offerByOwnerWithoutShareItemsConsentIsRejected() {
        directory.withdraw(OWNER_CONSENT);

        given()
                .when(offer(RECIPIENT, null))
                .expectException(ShareRejections.OwnerConsentMissing.class)
                .expectNoEvents();
    }

    @Test
    void offerByOwnerWhoseOnlyConsentIsToReceiveIsRejected() {
        directory.withdraw(OWNER_CONSENT).grant(OWNER, LATER_CONSENT, RECEIVE_SHARES, null);

        given()
                .when(offer(RECIPIENT, null))
                .expectException(ShareRejections.OwnerConsentMissing.class)
                .expectNoEvents();
    }

    @Test
    void offerToRecipientWithoutReceiveSharesConsentIsRejected() {
        directory.withdraw(RECIPIENT_CONSENT);

        given()
                .when(offer(RECIPIENT, null))
                .expectException(ShareRejections.RecipientCannotReceive.class)
                .expectNoEvents();
    }

    @Test
    void offerToRecipientWhoseOnlyConsentIsToShareIsRejected() {
        directory.withdraw(RECIPIENT_CONSENT).grant(RECIPIENT, LATER_CONSENT, SHARE_ITEMS, null);

        given()
                .when(offer(RECIPIENT, null))
                .expectException(ShareRejections.RecipientCannotReceive.class)
                .expectNoEvents();
    }

    @Test
    void offerToUnknownRecipientIsRejectedLikeOneWithoutConsent() {
        // the same answer keeps an offer from revealing who is a member
        given()
                .when(offer(new MemberId(UUID.fromString("00000000-0000-4000-8000-0000000000ff")), null))
                .expectException(ShareRejections.RecipientCannotReceive.class)
                .expectNoEvents();
    }

    @Test
    void offerWithExpiryInThePastIsRejected() {
        given()
                .when(offer(RECIPIENT, NOW.minusSeconds(1)))
                .expectException(ShareRejections.ExpiryInPast.class)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void offerExpiringAtThisVeryInstantIsRejected() {
        given()
                .when(offer(RECIPIENT, NOW))
                .expectException(ShareRejections.ExpiryInPast.class)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void recipientAcceptsAnOfferedShare() {
        given(offered())
                .when(accept(RECIPIENT))
                .expectEvents(accepted())
                .expectResultMessagePayload(1L);
    }

    @Test
    void ownerCannotAcceptAndIsToldOnlyTheRecipientMay() {
        given(offered())
                .when(accept(OWNER))
                .expectException(ShareRejections.NotRecipient.class)
                .expectNoEvents();
    }

    @Test
    void strangerCannotAcceptAndIsNotShownTheShare() {
        given(offered())
                .when(accept(STRANGER))
                .expectException(ShareRejections.ShareNotFound.class)
                .expectNoEvents();
    }

    @Test
    void acceptWithoutActorIsNotShownTheShare() {
        given(offered())
                .when(accept(null))
                .expectException(ShareRejections.ShareNotFound.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answeredOrClosedEvents")
    void cannotAcceptAShareNoLongerOffered(String situation, Object answerOrClosure) {
        given(offered(), answerOrClosure)
                .when(accept(RECIPIENT))
                .expectException(ShareRejections.NotOffered.class)
                .expectNoEvents();
    }

    static Stream<Arguments> endedConsentsOrParties() {
        return Stream.of(
                arguments("owner's consent withdrawn", (Consumer<InMemoryMemberDirectory>) d -> d.withdraw(OWNER_CONSENT)),
                arguments("recipient's consent withdrawn", (Consumer<InMemoryMemberDirectory>) d -> d.withdraw(RECIPIENT_CONSENT)),
                arguments("owner's consent expired", (Consumer<InMemoryMemberDirectory>) d -> d.grant(OWNER, OWNER_CONSENT, SHARE_ITEMS, NOW)),
                arguments("recipient's consent expired", (Consumer<InMemoryMemberDirectory>) d -> d.grant(RECIPIENT, RECIPIENT_CONSENT, RECEIVE_SHARES, NOW)),
                arguments("owner forgotten", (Consumer<InMemoryMemberDirectory>) d -> d.forget(OWNER)),
                arguments("recipient forgotten", (Consumer<InMemoryMemberDirectory>) d -> d.forget(RECIPIENT)),
                // a party gone while its consent row lingers must still block acceptance
                arguments("owner no longer live", (Consumer<InMemoryMemberDirectory>) d -> d.forget(OWNER).grant(OWNER, OWNER_CONSENT, SHARE_ITEMS, null)),
                arguments("recipient no longer live", (Consumer<InMemoryMemberDirectory>) d -> d.forget(RECIPIENT).grant(RECIPIENT, RECIPIENT_CONSENT, RECEIVE_SHARES, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endedConsentsOrParties")
    void cannotAcceptOnceAConsentEndedOrAPartyIsGone(String situation, Consumer<InMemoryMemberDirectory> change) {
        change.accept(directory);

        given(offered())
                .when(accept(RECIPIENT))
                .expectException(ShareRejections.ConsentEnded.class)
                .expectNoEvents();
    }

    @Test
    void acceptanceReliesOnTheConsentsNamedInTheOfferNotOnLaterOnes() {
        // a fresh consent does not revive a share whose own consent has ended
        directory.withdraw(OWNER_CONSENT).grant(OWNER, LATER_CONSENT, SHARE_ITEMS, null);

        given(offered())
                .when(accept(RECIPIENT))
                .expectException(ShareRejections.ConsentEnded.class)
                .expectNoEvents();
    }

    @Test
    void recipientDeclinesAnOfferedShare() {
        given(offered())
                .when(decline(RECIPIENT))
                .expectEvents(declined())
                .expectResultMessagePayload(1L);
    }

    @Test
    void recipientMayDeclineEvenAfterAConsentEnded() {
        // saying no must never be blocked
        directory.withdraw(RECIPIENT_CONSENT).withdraw(OWNER_CONSENT);

        given(offered())
                .when(decline(RECIPIENT))
                .expectEvents(declined());
    }

    @Test
    void ownerCannotDeclineAndIsToldOnlyTheRecipientMay() {
        given(offered())
                .when(decline(OWNER))
                .expectException(ShareRejections.NotRecipient.class)
                .expectNoEvents();
    }

    @Test
    void strangerCannotDeclineAndIsNotShownTheShare() {
        given(offered())
                .when(decline(STRANGER))
                .expectException(ShareRejections.ShareNotFound.class)
                .expectNoEvents();
    }

    @Test
    void declineWithoutActorIsNotShownTheShare() {
        given(offered())
                .when(decline(null))
                .expectException(ShareRejections.ShareNotFound.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answeredOrClosedEvents")
    void cannotDeclineAShareNoLongerOffered(String situation, Object answerOrClosure) {
        given(offered(), answerOrClosure)
                .when(decline(RECIPIENT))
                .expectException(ShareRejections.NotOffered.class)
                .expectNoEvents();
    }

    @Test
    void ownerRevokesAnOfferedShareWithAnExplanation() {
        given(offered())
                .when(revokeByOwner(OWNER, "No longer mine"))
                .expectEvents(revoked(RevocationReason.OWNER, "No longer mine"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void ownerRevokesAnAcceptedShare() {
        given(offered(), accepted())
                .when(revokeByOwner(OWNER, null))
                .expectEvents(revoked(RevocationReason.OWNER, null))
                .expectResultMessagePayload(2L);
    }

    @Test
    void recipientCannotRevokeAndIsToldOnlyTheOwnerMay() {
        given(offered(), accepted())
                .when(revokeByOwner(RECIPIENT, null))
                .expectException(ShareRejections.NotOwner.class)
                .expectNoEvents();
    }

    @Test
    void strangerCannotRevokeAndIsNotShownTheShare() {
        given(offered())
                .when(revokeByOwner(STRANGER, null))
                .expectException(ShareRejections.ShareNotFound.class)
                .expectNoEvents();
    }

    @Test
    void ownerRevocationNamesItsActor() {
        given(offered())
                .when(revokeByOwner(null, "No longer mine"))
                .expectException(ShareRejections.ActorRequired.class)
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = RevocationReason.class, names = {"CONSENT_WITHDRAWN", "CONSENT_EXPIRED", "MEMBER_FORGOTTEN"})
    void systemRevokesWithoutAnActor(RevocationReason reason) {
        given(offered(), accepted())
                .when(RevokeShareCommand.bySystem(SHARE, reason))
                .expectEvents(revoked(reason, null))
                .expectResultMessagePayload(2L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closingEvents")
    void ownerCannotRevokeAClosedShare(String situation, Object closure) {
        given(offered(), closure)
                .when(revokeByOwner(OWNER, null))
                .expectException(ShareRejections.AlreadyClosed.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closingEvents")
    void systemCannotRevokeAClosedShare(String situation, Object closure) {
        // the revocation saga counts on this rejection when a share ended before it acted
        given(offered(), closure)
                .when(RevokeShareCommand.bySystem(SHARE, RevocationReason.MEMBER_FORGOTTEN))
                .expectException(ShareRejections.AlreadyClosed.class)
                .expectNoEvents();
    }

    @Test
    void offeredShareExpiresAtItsDeadline() {
        givenCommands(offer(RECIPIENT, EXPIRY))
                .whenTimeAdvancesTo(EXPIRY)
                .expectTriggeredDeadlinesWithName(ShareAggregate.SHARE_EXPIRY)
                .expectEvents(expired());
    }

    @Test
    void acceptedShareExpiresAtItsDeadline() {
        givenCommands(offer(RECIPIENT, EXPIRY), accept(RECIPIENT))
                .whenTimeElapses(Duration.between(NOW, EXPIRY))
                .expectTriggeredDeadlinesWithName(ShareAggregate.SHARE_EXPIRY)
                .expectEvents(expired());
    }

    @Test
    void shareIsStillOpenJustBeforeItsDeadline() {
        givenCommands(offer(RECIPIENT, EXPIRY))
                .whenTimeAdvancesTo(EXPIRY.minusSeconds(1))
                .expectNoEvents()
                .expectScheduledDeadlineWithName(EXPIRY, ShareAggregate.SHARE_EXPIRY);
    }

    static Stream<Arguments> closingCommands() {
        return Stream.of(
                arguments("declined", decline(RECIPIENT)),
                arguments("revoked by the owner", revokeByOwner(OWNER, null)),
                arguments("revoked by the system", RevokeShareCommand.bySystem(SHARE, RevocationReason.CONSENT_EXPIRED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closingCommands")
    void deadlineOfAClosedShareAppliesNothing(String situation, Object closingCommand) {
        givenCommands(offer(RECIPIENT, EXPIRY), closingCommand)
                .whenTimeAdvancesTo(EXPIRY)
                .expectTriggeredDeadlinesWithName(ShareAggregate.SHARE_EXPIRY)
                .expectNoEvents();
    }
}
