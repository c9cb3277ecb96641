package io.shareledger.command.share;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentPurpose;
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
import io.shareledger.command.member.MemberDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * A share of one item from its owner to one recipient. Nothing is shared without consent: an offer
 * needs both parties' consents, and acceptance needs them to be still in force.
 */
@Aggregate
class ShareAggregate {

    static final String SHARE_EXPIRY = "share-expiry";

    @AggregateIdentifier
    private ShareId shareId;
    private MemberId ownerId;
    private MemberId recipientId;
    private ConsentId ownerConsentId;
    private ConsentId recipientConsentId;
    private ShareStatus status;

    ShareAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    ShareAggregate(OfferShareCommand command, MemberDirectory directory, DeadlineManager deadlines, Clock clock) {
        Instant now = clock.instant();
        if (Objects.equals(command.ownerId(), command.recipientId())) {
            throw new ShareRejections.SelfShare();
        }
        if (command.expiresAt() != null && !command.expiresAt().isAfter(now)) {
            throw new ShareRejections.ExpiryInPast();
        }
        ConsentId ownerConsent = directory.activeConsent(command.ownerId(), ConsentPurpose.SHARE_ITEMS, now)
                .orElseThrow(ShareRejections.OwnerConsentMissing::new);
        ConsentId recipientConsent = directory.activeConsent(command.recipientId(), ConsentPurpose.RECEIVE_SHARES, now)
                .orElseThrow(ShareRejections.RecipientCannotReceive::new);
        apply(new ShareOfferedEvent(command.shareId(), command.ownerId(), command.recipientId(), command.itemRef(),
                command.itemTitle(), command.note(), command.permission(), command.expiresAt(),
                ownerConsent, recipientConsent));
        // only after apply(): the deadline's scope is the aggregate, whose id the event assigns
        if (command.expiresAt() != null) {
            deadlines.schedule(command.expiresAt(), SHARE_EXPIRY);
        }
    }

    @CommandHandler
    Long handle(AcceptShareCommand command, MemberDirectory directory, Clock clock) {
        requireRecipient(command.actorId());
        requireVersion(command.expectedVersion());
        requireOffered();
        Instant now = clock.instant();
        boolean consentsInForce = directory.isLive(ownerId) && directory.isLive(recipientId)
                && directory.isConsentActive(ownerConsentId, now)
                && directory.isConsentActive(recipientConsentId, now);
        if (!consentsInForce) {
            throw new ShareRejections.ConsentEnded();
        }
        apply(new ShareAcceptedEvent(shareId, ownerId, recipientId));
        return getVersion();
    }

    @CommandHandler
    Long handle(DeclineShareCommand command) {
        requireRecipient(command.actorId());
        requireVersion(command.expectedVersion());
        requireOffered();
        apply(new ShareDeclinedEvent(shareId, ownerId, recipientId));
        return getVersion();
    }

    @CommandHandler
    Long handle(RevokeShareCommand command) {
        if (command.reason() == null || command.reason() == RevocationReason.OWNER) {
            if (command.actorId() == null) {
                throw new ShareRejections.ActorRequired();
            }
            requireOwner(command.actorId());
        }
        requireVersion(command.expectedVersion());
        if (!status.isOpen()) {
            throw new ShareRejections.AlreadyClosed();
        }
        apply(new ShareRevokedEvent(shareId, ownerId, recipientId, command.reason(), command.explanation()));
        return getVersion();
    }

    @DeadlineHandler(deadlineName = SHARE_EXPIRY)
    void expire() {
        if (status.isOpen()) {
            apply(new ShareExpiredEvent(shareId, ownerId, recipientId));
        }
    }

    private void requireRecipient(MemberId actor) {
        if (actor == null || !(actor.equals(recipientId) || actor.equals(ownerId))) {
            throw new ShareRejections.ShareNotFound();
        }
        if (!actor.equals(recipientId)) {
            throw new ShareRejections.NotRecipient();
        }
    }

    private void requireOwner(MemberId actor) {
        if (!(actor.equals(recipientId) || actor.equals(ownerId))) {
            throw new ShareRejections.ShareNotFound();
        }
        if (!actor.equals(ownerId)) {
            throw new ShareRejections.NotOwner();
        }
    }

    /**
     * {@code If-Match}, checked here rather than by Axon when it loads the share (which it would do
     * before any rule): only after the actor is known to take part, so that a version conflict tells
     * nobody else that the share exists, nor its version.
     */
    private void requireVersion(Long expectedVersion) {
        Long current = getVersion();
        if (expectedVersion != null && !expectedVersion.equals(current)) {
            throw new ConflictingAggregateVersionException(shareId.toString(), expectedVersion, current == null ? -1 : current);
        }
    }

    private void requireOffered() {
        if (status != ShareStatus.OFFERED) {
            throw new ShareRejections.NotOffered();
        }
    }

    @EventSourcingHandler
    void on(ShareOfferedEvent event) {
        shareId = event.shareId();
        ownerId = event.ownerId();
        recipientId = event.recipientId();
        ownerConsentId = event.ownerConsentId();
        recipientConsentId = event.recipientConsentId();
        status = ShareStatus.OFFERED;
    }

    @EventSourcingHandler
    void on(ShareAcceptedEvent event) {
        status = ShareStatus.ACCEPTED;
    }

    @EventSourcingHandler
    void on(ShareDeclinedEvent event) {
        status = ShareStatus.DECLINED;
    }

    @EventSourcingHandler
    void on(ShareRevokedEvent event) {
        status = ShareStatus.REVOKED;
    }

    @EventSourcingHandler
    void on(ShareExpiredEvent event) {
        status = ShareStatus.EXPIRED;
    }
}
