package io.shareledger.command.member;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ChangeProfileCommand;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.ForgetMemberCommand;
import io.shareledger.api.member.GrantConsentCommand;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.member.RecordDataAccessCommand;
import io.shareledger.api.member.RegisterMemberCommand;
import io.shareledger.api.member.WithdrawConsentCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * A member and its consents. Holds only what its rules need: whether it is forgotten and which
 * consents are active (with their purpose and expiry). Instance command handlers answer the aggregate version they produced.
 * No personal data, so its snapshots (taken every {@code shareledger.snapshots.member-threshold}
 * events, serialized field by field) hold none either.
 */
@Aggregate(snapshotTriggerDefinition = "memberSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class MemberAggregate {

    static final String CONSENT_EXPIRY = "consent-expiry";

    @AggregateIdentifier
    private MemberId memberId;
    private boolean forgotten;
    private final Map<ConsentId, Consent> activeConsents = new HashMap<>();

    /** A consent granted and neither withdrawn nor expired by its deadline yet. */
    private record Consent(ConsentPurpose purpose, Instant expiresAt) {

        /** The expiry deadline may run a little late; the consent ends at its expiry all the same. */
        boolean inForceAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    MemberAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    MemberAggregate(RegisterMemberCommand command, MemberDirectory directory) {
        if (!Handles.isValid(command.handle())) {
            throw new MemberRejections.InvalidHandle();
        }
        if (directory.memberOfSubject(command.subject()).isPresent()) {
            throw new MemberRejections.AlreadyRegistered();
        }
        if (directory.isHandleTaken(command.handle())) {
            throw new MemberRejections.HandleTaken();
        }
        apply(new MemberRegisteredEvent(command.memberId(), command.subject(), command.handle(),
                command.displayName(), command.email()));
    }

    @CommandHandler
    Long handle(ChangeProfileCommand command) {
        requireNotForgotten();
        apply(new ProfileChangedEvent(memberId, command.displayName(), command.email()));
        return getVersion();
    }

    @CommandHandler
    Long handle(GrantConsentCommand command, DeadlineManager deadlines, Clock clock) {
        requireNotForgotten();
        Instant now = clock.instant();
        boolean purposeInForce = activeConsents.values().stream()
                .anyMatch(consent -> consent.purpose() == command.purpose() && consent.inForceAt(now));
        if (purposeInForce) {
            throw new MemberRejections.ConsentAlreadyActive();
        }
        if (command.expiresAt() != null) {
            if (!command.expiresAt().isAfter(now)) {
                throw new MemberRejections.ExpiryInPast();
            }
            deadlines.schedule(command.expiresAt(), CONSENT_EXPIRY, command.consentId());
        }
        apply(new ConsentGrantedEvent(memberId, command.consentId(), command.purpose(), command.expiresAt()));
        return getVersion();
    }

    @CommandHandler
    Long handle(WithdrawConsentCommand command, Clock clock) {
        requireNotForgotten();
        Consent consent = activeConsents.get(command.consentId());
        if (consent == null || !consent.inForceAt(clock.instant())) {
            throw new MemberRejections.ConsentNotActive();
        }
        apply(new ConsentWithdrawnEvent(memberId, command.consentId(), consent.purpose()));
        return getVersion();
    }

    @CommandHandler
    Long handle(ForgetMemberCommand command) {
        requireNotForgotten();
        apply(new MemberForgottenEvent(memberId, command.requestedBy()));
        return getVersion();
    }

    /** An audit record: accepted whatever the member's state, a forgotten member's included. */
    @CommandHandler
    Long handle(RecordDataAccessCommand command) {
        apply(new MemberDataAccessedEvent(memberId, command.accessedBy(), command.scope(), command.reason()));
        return getVersion();
    }

    @DeadlineHandler(deadlineName = CONSENT_EXPIRY)
    void expire(ConsentId consentId) {
        Consent consent = activeConsents.get(consentId);
        if (!forgotten && consent != null) {
            apply(new ConsentExpiredEvent(memberId, consentId, consent.purpose()));
        }
    }

    private void requireNotForgotten() {
        if (forgotten) {
            throw new MemberRejections.MemberForgotten();
        }
    }

    @EventSourcingHandler
    void on(MemberRegisteredEvent event) {
        memberId = event.memberId();
    }

    @EventSourcingHandler
    void on(ConsentGrantedEvent event) {
        activeConsents.put(event.consentId(), new Consent(event.purpose(), event.expiresAt()));
    }

    @EventSourcingHandler
    void on(ConsentWithdrawnEvent event) {
        activeConsents.remove(event.consentId());
    }

    @EventSourcingHandler
    void on(ConsentExpiredEvent event) {
        activeConsents.remove(event.consentId());
    }

    @EventSourcingHandler
    void on(MemberForgottenEvent event) {
        forgotten = true;
        activeConsents.clear();
    }
}
