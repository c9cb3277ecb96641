package io.shareledger.api.share;

import io.shareledger.api.DomainEvent;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;

/** Events of the Share aggregate; each names both parties so that every reader can route it. */
public sealed interface ShareEvent extends DomainEvent
        permits ShareOfferedEvent, ShareAcceptedEvent, ShareDeclinedEvent, ShareRevokedEvent, ShareExpiredEvent {

    ShareId shareId();

    MemberId ownerId();

    MemberId recipientId();
}
