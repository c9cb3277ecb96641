package io.shareledger.query.history;

import io.shareledger.api.DomainEvent;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.query.position.LiveProjection;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/**
 * The live handlers of the history read model (each event goes through its batch applier), and
 * what a history entry says of an event: its type and who caused it.
 */
@Component
@ProcessingGroup(HistoryProjection.READ_MODEL)
class HistoryProjection extends LiveProjection {

    static final String READ_MODEL = "member-history";
    static final String SYSTEM = "system";
    static final String PRIVACY_OFFICER = "privacy-officer";

    HistoryProjection(Projector projector, HistoryApplier applier) {
        super(projector, applier);
    }

    static String actor(MemberEvent event) {
        if (event instanceof ConsentExpiredEvent) {
            return SYSTEM;
        }
        if (event instanceof MemberDataAccessedEvent) {
            return PRIVACY_OFFICER;
        }
        if (event instanceof MemberForgottenEvent forgotten) {
            return switch (forgotten.requestedBy()) {
                case SELF -> event.memberId().toString();
                case PRIVACY_OFFICER -> PRIVACY_OFFICER;
            };
        }
        return event.memberId().toString();
    }

    static String actor(ShareEvent event) {
        if (event instanceof ShareAcceptedEvent || event instanceof ShareDeclinedEvent) {
            return event.recipientId().toString();
        }
        if (event instanceof ShareExpiredEvent) {
            return SYSTEM;
        }
        if (event instanceof ShareRevokedEvent revoked) {
            return revoked.reason() == RevocationReason.OWNER ? event.ownerId().toString() : SYSTEM;
        }
        return event.ownerId().toString();
    }

    static String eventType(DomainEvent event) {
        String name = event.getClass().getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }
}
