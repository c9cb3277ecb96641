package io.shareledger.command.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ChangeProfileCommand;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.ForgetMemberCommand;
import io.shareledger.api.member.GrantConsentCommand;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.RecordDataAccessCommand;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.member.RegisterMemberCommand;
import io.shareledger.api.member.WithdrawConsentCommand;
import io.shareledger.command.support.InMemoryMemberDirectory;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;

import static io.shareledger.api.member.ConsentPurpose.RECEIVE_SHARES;
import static io.shareledger.api.member.ConsentPurpose.SHARE_ITEMS;

class MemberAggregateTest {

    private static final Instant NOW = Instant.parse("2030-03-01T09:00:00Z");
    private static final Instant EXPIRY = NOW.plus(Duration.ofDays(30));

    private static final MemberId MEMBER = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000a"));
    private static final MemberId SOMEONE_ELSE = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000b"));
    private static final String SUBJECT = "idp|alice";
    private static final String HANDLE = "alice";
    private static final ConsentId CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000c1"));
    private static final ConsentId OTHER_CONSENT = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000c2"));

    private AggregateTestFixture<MemberAggregate> fixture;
    private InMemoryMemberDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new InMemoryMemberDirectory();
        fixture = new AggregateTestFixture<>(MemberAggregate.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Starts the deadline manager at the same instant as the injected clock, so both agree on "now". */
    private TestExecutor<MemberAggregate> given(Object... events) {
        return fixture.givenCurrentTime(NOW).andGiven(events);
    }

    private TestExecutor<MemberAggregate> givenCommands(Object... commands) {
        return fixture.givenCurrentTime(NOW).andGivenCommands(commands);
    }

    private static RegisterMemberCommand register(String handle) {
        return new RegisterMemberCommand(MEMBER, SUBJECT, handle, "Alice A.", "alice@example.org");
    }

    private static MemberRegisteredEvent registered() {
        return new MemberRegisteredEvent(MEMBER, SUBJECT, HANDLE, "Alice A.", "alice@example.org");
    }

    private static GrantConsentCommand grant(ConsentId consentId, ConsentPurpose purpose, Instant expiresAt) {
        return new GrantConsentCommand(MEMBER, consentId, purpose, expiresAt, null);
    }

    private static ConsentGrantedEvent granted(ConsentId consentId, ConsentPurpose purpose, Instant expiresAt) {
        return new ConsentGrantedEvent(MEMBER, consentId, purpose, expiresAt);
    }

    private static WithdrawConsentCommand withdraw(ConsentId consentId) {
        return new WithdrawConsentCommand(MEMBER, consentId, null);
    }

    private static ForgetMemberCommand forget() {
        return new ForgetMemberCommand(MEMBER, ErasureRequester.SELF, null);
    }

    @Test
    void registersAMemberWithAValidHandleAndAnUnusedAccount() {
        given()
                .when(register(HANDLE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a_very_long_handle_of_30_chars", "user_42"})
    void registrationAcceptsHandlesWithinTheAllowedShape(String handle) {
        given()
                .when(register(handle))
                .expectEvents(new MemberRegisteredEvent(MEMBER, SUBJECT, handle, "Alice A.", "alice@example.org"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ab", "a_very_long_handle_of_31_chars_", "Alice", "al-ice", "al ice", "alicé", "alice\n"})
    void registrationWithAnInvalidHandleIsRejected(String handle) {
        given()
                .when(register(handle))
                .expectException(MemberRejections.InvalidHandle.class)
                .expectNoEvents();
    }

    @Test
    void registrationWithTheHandleOfAnotherLiveMemberIsRejected() {
        directory.register(SOMEONE_ELSE, "idp|bob", HANDLE);

        given()
                .when(register(HANDLE))
                .expectException(MemberRejections.HandleTaken.class)
                .expectNoEvents();
    }

    @Test
    void registrationOfAnAlreadyRegisteredAccountIsRejected() {
        directory.register(SOMEONE_ELSE, SUBJECT, "alice_old");

        given()
                .when(register(HANDLE))
                .expectException(MemberRejections.AlreadyRegistered.class)
                .expectNoEvents();
    }

    @Test
    void reportsARepeatedRegistrationAsAlreadyRegisteredRatherThanHandleTaken() {
        // the account's own earlier registration holds the handle; "handle taken" would mislead the caller
        directory.register(SOMEONE_ELSE, SUBJECT, HANDLE);

        given()
                .when(register(HANDLE))
                .expectException(MemberRejections.AlreadyRegistered.class)
                .expectNoEvents();
    }

    @Test
    void changesTheProfileAndAnswersTheNewVersion() {
        given(registered())
                .when(new ChangeProfileCommand(MEMBER, "Alice B.", "alice.b@example.org", null))
                .expectEvents(new ProfileChangedEvent(MEMBER, "Alice B.", "alice.b@example.org"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void answersTheSequenceNumberOfTheEventItApplied() {
        given(registered(),
                new ProfileChangedEvent(MEMBER, "Alice B.", "alice.b@example.org"),
                granted(CONSENT, SHARE_ITEMS, null),
                new ConsentWithdrawnEvent(MEMBER, CONSENT, SHARE_ITEMS))
                .when(new ChangeProfileCommand(MEMBER, "Alice C.", "alice.c@example.org", null))
                .expectEvents(new ProfileChangedEvent(MEMBER, "Alice C.", "alice.c@example.org"))
                .expectResultMessagePayload(4L);
    }

    @Test
    void grantsAConsentWithoutExpiry() {
        given(registered())
                .when(grant(CONSENT, SHARE_ITEMS, null))
                .expectEvents(granted(CONSENT, SHARE_ITEMS, null))
                .expectResultMessagePayload(1L)
                .expectNoScheduledDeadlines();
    }

    @Test
    void grantsAConsentWithExpiryAndSchedulesItsExpiry() {
        given(registered())
                .when(grant(CONSENT, SHARE_ITEMS, EXPIRY))
                .expectEvents(granted(CONSENT, SHARE_ITEMS, EXPIRY))
                .expectResultMessagePayload(1L)
                .expectScheduledDeadline(EXPIRY, CONSENT)
                .expectScheduledDeadlineWithName(EXPIRY, MemberAggregate.CONSENT_EXPIRY);
    }

    @Test
    void consentWithExpiryInThePastIsRejected() {
        given(registered())
                .when(grant(CONSENT, SHARE_ITEMS, NOW.minusSeconds(1)))
                .expectException(MemberRejections.ExpiryInPast.class)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void consentExpiringAtThisVeryInstantIsRejected() {
        // a consent expiring now would never be in force
        given(registered())
                .when(grant(CONSENT, SHARE_ITEMS, NOW))
                .expectException(MemberRejections.ExpiryInPast.class)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void secondActiveConsentForTheSamePurposeIsRejected() {
        given(registered(), granted(CONSENT, SHARE_ITEMS, null))
                .when(grant(OTHER_CONSENT, SHARE_ITEMS, null))
                .expectException(MemberRejections.ConsentAlreadyActive.class)
                .expectNoEvents();
    }

    @Test
    void grantsAConsentForAnotherPurposeAlongsideAnActiveOne() {
        given(registered(), granted(CONSENT, SHARE_ITEMS, null))
                .when(grant(OTHER_CONSENT, RECEIVE_SHARES, null))
                .expectEvents(granted(OTHER_CONSENT, RECEIVE_SHARES, null))
                .expectResultMessagePayload(2L);
    }

    @Test
    void grantsANewConsentForAPurposeOnceTheOldOneWasWithdrawn() {
        given(registered(), granted(CONSENT, SHARE_ITEMS, null),
                new ConsentWithdrawnEvent(MEMBER, CONSENT, SHARE_ITEMS))
                .when(grant(OTHER_CONSENT, SHARE_ITEMS, null))
                .expectEvents(granted(OTHER_CONSENT, SHARE_ITEMS, null));
    }

    @Test
    void grantsANewConsentForAPurposeOnceTheOldOneExpired() {
        given(registered(), granted(CONSENT, SHARE_ITEMS, EXPIRY),
                new ConsentExpiredEvent(MEMBER, CONSENT, SHARE_ITEMS))
                .when(grant(OTHER_CONSENT, SHARE_ITEMS, null))
                .expectEvents(granted(OTHER_CONSENT, SHARE_ITEMS, null));
    }

    @Test
    void withdrawsAnActiveConsentNamingItsPurpose() {
        given(registered(), granted(CONSENT, RECEIVE_SHARES, null))
                .when(withdraw(CONSENT))
                .expectEvents(new ConsentWithdrawnEvent(MEMBER, CONSENT, RECEIVE_SHARES))
                .expectResultMessagePayload(2L);
    }

    @Test
    void withdrawingAnUnknownConsentIsRejected() {
        given(registered(), granted(CONSENT, SHARE_ITEMS, null))
                .when(withdraw(OTHER_CONSENT))
                .expectException(MemberRejections.ConsentNotActive.class)
                .expectNoEvents();
    }

    @Test
    void withdrawingAConsentTwiceIsRejected() {
        given(registered(), granted(CONSENT, SHARE_ITEMS, null),
                new ConsentWithdrawnEvent(MEMBER, CONSENT, SHARE_ITEMS))
                .when(withdraw(CONSENT))
                .expectException(MemberRejections.ConsentNotActive.class)
                .expectNoEvents();
    }

    @Test
    void withdrawingAnExpiredConsentIsRejected() {
        given(registered(), granted(CONSENT, SHARE_ITEMS, EXPIRY),
                new ConsentExpiredEvent(MEMBER, CONSENT, SHARE_ITEMS))
                .when(withdraw(CONSENT))
                .expectException(MemberRejections.ConsentNotActive.class)
                .expectNoEvents();
    }

    @Test
    void consentExpiresWhenItsDeadlineIsReached() {
        givenCommands(register(HANDLE), grant(CONSENT, SHARE_ITEMS, EXPIRY))
                .whenTimeAdvancesTo(EXPIRY)
                .expectTriggeredDeadlinesWithName(MemberAggregate.CONSENT_EXPIRY)
                .expectEvents(new ConsentExpiredEvent(MEMBER, CONSENT, SHARE_ITEMS));
    }

    @Test
    void consentExpiresOnceItsLifetimeHasElapsed() {
        givenCommands(register(HANDLE), grant(CONSENT, RECEIVE_SHARES, EXPIRY))
                .whenTimeElapses(Duration.between(NOW, EXPIRY).plusMinutes(1))
                .expectEvents(new ConsentExpiredEvent(MEMBER, CONSENT, RECEIVE_SHARES));
    }

    @Test
    void consentIsStillInForceJustBeforeItsExpiry() {
        givenCommands(register(HANDLE), grant(CONSENT, SHARE_ITEMS, EXPIRY))
                .whenTimeAdvancesTo(EXPIRY.minusSeconds(1))
                .expectNoEvents()
                .expectScheduledDeadline(EXPIRY, CONSENT);
    }

    @Test
    void deadlineOfAWithdrawnConsentAppliesNothing() {
        givenCommands(register(HANDLE), grant(CONSENT, SHARE_ITEMS, EXPIRY), withdraw(CONSENT))
                .whenTimeAdvancesTo(EXPIRY)
                .expectTriggeredDeadlinesWithName(MemberAggregate.CONSENT_EXPIRY)
                .expectNoEvents();
    }

    @Test
    void deadlineOfAWithdrawnConsentDoesNotEndItsSuccessorForTheSamePurpose() {
        givenCommands(register(HANDLE), grant(CONSENT, SHARE_ITEMS, EXPIRY), withdraw(CONSENT),
                grant(OTHER_CONSENT, SHARE_ITEMS, null))
                .whenTimeAdvancesTo(EXPIRY)
                .expectTriggeredDeadlinesWithName(MemberAggregate.CONSENT_EXPIRY)
                .expectNoEvents();
    }

    @Test
    void deadlineAfterTheMemberWasForgottenAppliesNothing() {
        givenCommands(register(HANDLE), grant(CONSENT, SHARE_ITEMS, EXPIRY), forget())
                .whenTimeAdvancesTo(EXPIRY)
                .expectTriggeredDeadlinesWithName(MemberAggregate.CONSENT_EXPIRY)
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(ErasureRequester.class)
    void forgetsTheMemberRecordingWhoAskedForIt(ErasureRequester requester) {
        given(registered(), granted(CONSENT, SHARE_ITEMS, null))
                .when(new ForgetMemberCommand(MEMBER, requester, null))
                .expectEvents(new MemberForgottenEvent(MEMBER, requester))
                .expectResultMessagePayload(2L);
    }

    static Stream<Object> everyMemberCommand() {
        return Stream.of(
                new ChangeProfileCommand(MEMBER, "Alice B.", "alice.b@example.org", null),
                grant(OTHER_CONSENT, RECEIVE_SHARES, null),
                grant(OTHER_CONSENT, RECEIVE_SHARES, EXPIRY),
                withdraw(CONSENT),
                forget(),
                new ForgetMemberCommand(MEMBER, ErasureRequester.PRIVACY_OFFICER, null));
    }

    @ParameterizedTest
    @MethodSource("everyMemberCommand")
    void refusesEveryCommandOnceForgotten(Object command) {
        given(registered(), granted(CONSENT, SHARE_ITEMS, null),
                new MemberForgottenEvent(MEMBER, ErasureRequester.SELF))
                .when(command)
                .expectException(MemberRejections.MemberForgotten.class)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    // --- audit trail of privacy officers' reads ---

    @Test
    void recordsAPrivacyOfficersAccess() {
        given(registered())
                .when(new RecordDataAccessCommand(MEMBER, "officer-7", DataAccessScope.HISTORY, "Complaint #12"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberDataAccessedEvent(MEMBER, "officer-7", DataAccessScope.HISTORY, "Complaint #12"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void recordsAccessToAForgottenMembersDataToo() {
        given(registered(), new MemberForgottenEvent(MEMBER, ErasureRequester.SELF))
                .when(new RecordDataAccessCommand(MEMBER, "officer-7", DataAccessScope.EXPORT, "Regulator's request"))
                .expectEvents(new MemberDataAccessedEvent(MEMBER, "officer-7", DataAccessScope.EXPORT, "Regulator's request"));
    }
}
