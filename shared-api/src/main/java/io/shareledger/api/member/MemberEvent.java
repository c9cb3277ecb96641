package io.shareledger.api.member;

import io.shareledger.api.DomainEvent;
import io.shareledger.api.MemberId;

/** Events of the Member aggregate. */
public sealed interface MemberEvent extends DomainEvent
        permits MemberRegisteredEvent, ProfileChangedEvent, ConsentGrantedEvent, ConsentWithdrawnEvent,
        ConsentExpiredEvent, MemberForgottenEvent, MemberDataAccessedEvent {

    MemberId memberId();
}
