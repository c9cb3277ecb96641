package io.shareledger.command.share;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.RevokeShareCommand;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.command.member.MemberDirectory;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

import static org.axonframework.modelling.saga.SagaLifecycle.associateWith;

/**
 * Keeps every open share backed by consent: when a consent it depends on is withdrawn or expires,
 * or when either party is forgotten, the share is revoked. Its state holds ids only, never
 * personal data.
 * <p>
 * An offer can race with the withdrawal of one of its consents; the withdrawal may then be stored
 * before the offer and never reach this saga. So the saga also checks, when it starts, that the
 * consents and members the offer relied on are still in force, and revokes at once if not.
 */
@Saga
@ProcessingGroup(ShareRevocationSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class ShareRevocationSaga {

    public static final String PROCESSING_GROUP = "share-revocation";
    private static final String CONSENT = "consentId";
    private static final String MEMBER = "memberId";
    private static final Logger log = LoggerFactory.getLogger(ShareRevocationSaga.class);

    private ShareId shareId;

    @StartSaga
    @SagaEventHandler(associationProperty = "shareId")
    void on(ShareOfferedEvent event, MemberDirectory directory, Clock clock, CommandGateway commands) {
        shareId = event.shareId();
        associateWith(CONSENT, event.ownerConsentId().toString());
        associateWith(CONSENT, event.recipientConsentId().toString());
        associateWith(MEMBER, event.ownerId().toString());
        associateWith(MEMBER, event.recipientId().toString());

        var now = clock.instant();
        // the consents are read before the members: forgetting a member ends its consents in the same
        // transaction, so a consent that a forgetting ended is not taken for a withdrawal when the
        // forgetting commits between the two reads
        boolean consentsActive = directory.isConsentActive(event.ownerConsentId(), now)
                && directory.isConsentActive(event.recipientConsentId(), now);
        if (!directory.isLive(event.ownerId()) || !directory.isLive(event.recipientId())) {
            revoke(commands, RevocationReason.MEMBER_FORGOTTEN);
        } else if (!consentsActive) {
            revoke(commands, RevocationReason.CONSENT_WITHDRAWN);
        }
    }

    @SagaEventHandler(associationProperty = CONSENT)
    void on(ConsentWithdrawnEvent event, CommandGateway commands) {
        revoke(commands, RevocationReason.CONSENT_WITHDRAWN);
    }

    @SagaEventHandler(associationProperty = CONSENT)
    void on(ConsentExpiredEvent event, CommandGateway commands) {
        revoke(commands, RevocationReason.CONSENT_EXPIRED);
    }

    @SagaEventHandler(associationProperty = MEMBER)
    void on(MemberForgottenEvent event, CommandGateway commands) {
        revoke(commands, RevocationReason.MEMBER_FORGOTTEN);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "shareId")
    void on(ShareDeclinedEvent event) {
        // a declined share depends on nothing any more
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "shareId")
    void on(ShareRevokedEvent event) {
        // a revoked share depends on nothing any more
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "shareId")
    void on(ShareExpiredEvent event) {
        // an expired share depends on nothing any more
    }

    /**
     * Revokes synchronously, so that a failure (another instance's concurrent write, the database
     * going away) fails the event and the processor retries it: no revocation is lost. Only a share
     * that has ended meanwhile (its owner revoked it, it expired) is expected, and left alone.
     */
    private void revoke(CommandGateway commands, RevocationReason reason) {
        try {
            commands.sendAndWait(RevokeShareCommand.bySystem(shareId, reason));
        } catch (ShareRejections.AlreadyClosed ended) {
            log.debug("Share {} had already ended; no {} revocation needed", shareId, reason);
        }
    }
}
